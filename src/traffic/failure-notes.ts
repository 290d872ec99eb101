import type { ProviderError } from '../errors.ts';
import type { Block } from '../messaging/message.ts';
import { context } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import type { BatchFailure } from './fetch-batched.ts';
import type { UnsupportedGroup } from './split-supported.ts';

/** Domains named in one note before "and N more": a whole Tencent batch fits. */
const NAMED = 30;

/**
 * One context block per thing a traffic reply could not cover, each naming the domains and why: accounts whose
 * domain list could not be read, providers that lack the operation, and batches the provider refused (with the
 * provider's code, message and request id, as every provider error is shown).
 */
export function failureNotes(input: {
  unreadable?: readonly ProviderError[];
  unsupported?: readonly UnsupportedGroup[];
  failures?: readonly BatchFailure[];
  /** What a failed batch is missing, e.g. "No statistics" or "No comparison with the previous period". */
  missing?: string;
}): Block[] {
  const notes: Block[] = [];
  for (const error of input.unreadable ?? []) {
    notes.push(
      context(
        `:warning: ${code(error.account)} could not be listed, so its domains are missing: ${providerWords(error.providerCode, error.message, error.requestId)}`,
      ),
    );
  }
  for (const { group, message } of input.unsupported ?? []) {
    notes.push(context(`:information_source: ${escapeMrkdwn(message)} Not shown: ${names(group.domains)}.`));
  }
  for (const failure of input.failures ?? []) {
    notes.push(
      context(
        `:warning: ${input.missing ?? 'No answer'} for ${names(failure.domains)} (${code(failure.accountId)}): ${providerWords(failure.providerCode, failure.message, failure.requestId)}`,
      ),
    );
  }
  return notes;
}

function names(domains: readonly string[]): string {
  const shown = domains.slice(0, NAMED).map(code).join(', ');
  return domains.length > NAMED ? `${shown} and ${domains.length - NAMED} more` : shown;
}

function providerWords(providerCode: string, message: string, requestId: string | undefined): string {
  return `${code(providerCode)} ${escapeMrkdwn(message)}${requestId ? ` (request id ${code(requestId)})` : ''}`;
}
