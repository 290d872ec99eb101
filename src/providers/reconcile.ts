/**
 * After a write failed ambiguously (the connection dropped or timed out once the request was out), providers ask
 * what actually happened instead of sending it again. These helpers are the provider-neutral half: which task
 * records belong to the lost submission, and the errors that say what was found.
 */
import { ProviderError } from '../errors.ts';
import type { TaskRecord } from './types.ts';

/** Providers stamp tasks to the second: a task created in the second the request left is ours to consider. */
export function reconcileWindowStart(sentAt: number): number {
  return Math.floor(sentAt / 1000) * 1000;
}

/**
 * The records created for `items` since the request was sent: one per item, the oldest such record (a later one
 * would be someone else's submission of the same URL, which the lost request cannot have caused).
 */
export function recordsOfLostSubmission(
  records: readonly TaskRecord[],
  items: readonly string[],
  sentAt: number,
): TaskRecord[] {
  const from = reconcileWindowStart(sentAt);
  const wanted = new Set(items.map(comparable));
  const byItem = new Map<string, TaskRecord>();
  for (const record of records) {
    if (!wanted.has(comparable(record.url))) continue;
    if (record.createdAt !== undefined && record.createdAt < from) continue;
    const key = comparable(record.url);
    const seen = byItem.get(key);
    if (!seen || (record.createdAt ?? 0) < (seen.createdAt ?? 0)) byItem.set(key, record);
  }
  return [...byItem.values()];
}

/** Providers list non-ASCII URLs percent-encoded (when asked to encode them); compare them decoded. */
function comparable(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** The write provably did not take effect: the original failure, with what the provider showed afterwards. */
export function notAppliedError(error: ProviderError, found: string): ProviderError {
  return new ProviderError({
    account: error.account,
    providerCode: error.providerCode,
    message: `${error.message}. Outcome reconciled: ${found}, so it was not applied.`,
    requestId: error.requestId,
    applied: 'no',
    reconciled: true,
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
  });
}

/** Asking what happened failed too: the original failure, still ambiguous, saying where to look. */
export function unreconciledError(error: ProviderError, check: unknown, whereToLook: string): ProviderError {
  const why =
    check instanceof ProviderError
      ? check.providerCode
      : check instanceof Error
        ? check.message
        : String(check);
  return new ProviderError({
    account: error.account,
    providerCode: error.providerCode,
    message: `${error.message}. It may or may not have been applied: checking failed (${why}); ${whereToLook}.`,
    requestId: error.requestId,
    applied: 'unknown',
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
  });
}
