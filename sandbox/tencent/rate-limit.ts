import { ApiError } from './api-error.ts';
import type { AccountState } from './state.ts';

/**
 * Tencent's documented limit for CDN actions: 20 calls per second per action and account (tencent-cdn.md §2.6).
 * Other services pass their own (SSL Certificate: 10).
 */
export const CALLS_PER_SECOND = 20;
const WINDOW_MS = 1_000;

/** Accepted call times per account, then per action: kept beside the account state, not in it. */
const accepted = new WeakMap<AccountState, Map<string, number[]>>();

/**
 * Admits a call into its action's sliding window, counted exactly: refused with `RequestLimitExceeded` when 20
 * calls of the same action and account were accepted within the second before it, `(now − 1 s, now]`. Only
 * accepted calls count, as a gateway counts what it lets through.
 */
export function admitCall(
  account: AccountState,
  action: string,
  nowMs: number,
  limit: { service: string; callsPerSecond: number } = { service: 'cdn', callsPerSecond: CALLS_PER_SECOND },
): void {
  let byAction = accepted.get(account);
  if (!byAction) {
    byAction = new Map();
    accepted.set(account, byAction);
  }
  const key = limit.service === 'cdn' ? action : `${limit.service}:${action}`;
  const times = (byAction.get(key) ?? []).filter((at) => at > nowMs - WINDOW_MS);
  if (times.length >= limit.callsPerSecond) {
    byAction.set(key, times);
    throw new ApiError(
      'RequestLimitExceeded',
      `Your request frequency for ${action} exceeds the limit of ${limit.callsPerSecond} requests per second.`,
    );
  }
  times.push(nowMs);
  byAction.set(key, times);
}

/** The most accepted calls of one action that fell within one second `(t − 1 s, t]`, over every accepted `t`. */
export function maxCallsInWindow(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[start]! <= sorted[end]! - WINDOW_MS) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
