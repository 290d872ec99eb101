import type { Guardrails } from './compile-guardrails.ts';

/** The identity the command line runs as: it holds the config file and its keys, so it may use every account. */
export const LOCAL_USER = 'local';
export const LOCAL_CHANNEL = 'terminal';

/**
 * Guardrails for the command-line twin. Whoever can read the config file can call the providers directly with
 * its keys; pretending otherwise would add friction without adding safety.
 */
export function localGuardrails(accounts: readonly string[]): Guardrails {
  return {
    async resolveCaller(userId, channelId) {
      return { userId, channelId, role: 'admin', userRole: 'admin', channelRole: 'admin', accounts };
    },
    requireRole() {},
    channels: () => [LOCAL_CHANNEL],
  };
}
