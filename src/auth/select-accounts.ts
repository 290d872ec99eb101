import { UsageError } from '../errors.ts';
import type { Caller } from './compile-guardrails.ts';

/** The accounts a command should touch: all the caller's channel may use, or the one named with --account. */
export function selectAccounts(caller: Caller, requested: string | undefined): readonly string[] {
  if (requested === undefined) return caller.accounts;
  if (caller.accounts.includes(requested)) return [requested];
  throw new UsageError(
    `This channel may not use an account named \`${requested}\`.`,
    `Accounts here: ${caller.accounts.map((account) => `\`${account}\``).join(', ')}.`,
  );
}
