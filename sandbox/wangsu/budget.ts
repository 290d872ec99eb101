import { ApiError } from './api-error.ts';
import type { AccountState } from './state.ts';

/**
 * Admits a request into the account's sliding window (`windowMs` of clock time, the last `limit` accepted ones),
 * or refuses it with HTTP 446 `WPLUS_AccountApiTooFrequence`, which clients may retry after a back-off
 * (reference §4). Only accepted requests are counted, as a real gateway counts what it lets through.
 */
export function admitRequest(
  account: AccountState,
  budget: { limit: number; windowMs: number },
  nowMs: number,
): void {
  const inWindow = account.accepted.filter((at) => at > nowMs - budget.windowMs && at <= nowMs).length;
  if (inWindow >= budget.limit) {
    throw new ApiError(446, {
      code: 'WPLUS_AccountApiTooFrequence',
      message: `Account API requests are too frequent: at most ${budget.limit} per ${budget.windowMs / 1000} seconds. Back off and retry later.`,
    });
  }
  account.accepted.push(nowMs);
}

/** The most accepted requests that fell within one window `(t - windowMs, t]`, over every accepted `t`. */
export function maxInWindow(acceptedAt: readonly number[], windowMs: number): number {
  const times = [...acceptedAt].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[start] ?? 0) <= (times[end] ?? 0) - windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
