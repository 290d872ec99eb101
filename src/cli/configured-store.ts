/**
 * The bot's own store, for the commands that read what the bot recorded (`audit`). Everything else the command line
 * runs on a throwaway store: a terminal must never pick up the bot's follow-ups and edit its Slack messages.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../logger.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';

export type OpenedStore = { ok: true; store: Store } | { ok: false; problem: string };

/**
 * Opens `store:` from the config as the bot does. A SQLite file that does not exist is not created: an empty store
 * would answer "nothing recorded" when the config simply points somewhere else than the bot's.
 */
export async function openConfiguredStore(
  location: string,
  configPath: string,
  logger: Logger,
): Promise<OpenedStore> {
  const postgres = /^postgres(ql)?:\/\//i.test(location);
  if (!postgres && location !== ':memory:' && !existsSync(location)) {
    return {
      ok: false,
      problem:
        `no store at ${location} (\`store:\` in ${configPath}); the bot creates it when it first starts. ` +
        'Run this where the bot runs, with its config (--config FILE), or point store: at its database.',
    };
  }
  try {
    return { ok: true, store: await openStore(location, { logger }) };
  } catch (error) {
    // openPostgresStore's message names the store (password hidden) and what to check.
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
