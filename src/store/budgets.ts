/**
 * What both stores' token buckets share: the stored row, and how long a refused taker should wait, worked out from
 * that row the way the take statement refills it.
 */
import * as z from 'zod';
import { type BudgetTake, CallWindow, TokenBucket, WindowCall } from './store.ts';

export const BudgetRow = z.object({ tokens: z.number(), updated_at: z.number() });
export type BudgetRow = z.infer<typeof BudgetRow>;

/**
 * The bucket's shape checked, and `now` made a whole millisecond: the column is BIGINT in PostgreSQL, and a bucket
 * of no capacity or no refill would refuse forever.
 */
export function takeArguments(bucket: TokenBucket, now: number): { bucket: TokenBucket; now: number } {
  if (!Number.isFinite(now)) throw new Error(`a budget take needs a finite time, not ${now}`);
  return { bucket: TokenBucket.parse(bucket), now: Math.floor(now) };
}

export function refused(row: BudgetRow | undefined, bucket: TokenBucket, now: number): BudgetTake {
  // A row idle past the coordination retention is pruned (src/housekeeping); should it vanish between the take and
  // this read, the next take recreates it full: try again at once.
  if (!row) return { granted: false, retryAfterMs: 1 };
  const elapsed = Math.max(0, now - row.updated_at);
  const available = Math.min(bucket.capacity, row.tokens + (elapsed * bucket.refillPerSecond) / 1000);
  // A caller whose clock is behind the last taker's refills nothing until its clock reaches that taker's time, so
  // that gap is part of its wait; retrying sooner would only be refused again.
  const behind = Math.max(0, row.updated_at - now);
  const refill = Math.ceil(((1 - available) * 1000) / bucket.refillPerSecond);
  // At least 1 ms: a token may arrive between the refused take and this read, and a caller must never spin.
  return { granted: false, retryAfterMs: Math.max(1, behind + refill) };
}

/**
 * The window's shape and the call checked, `now` a whole millisecond (as `takeArguments` does for buckets), and
 * what the statements need: the call's key in the stored row, the prefix every key of its taker starts with, and
 * the margin (0 when none).
 */
export function windowArguments(
  window: CallWindow,
  now: number,
  call: WindowCall,
): { window: CallWindow; now: number; callKey: string; takerPrefix: string; marginMs: number } {
  if (!Number.isFinite(now)) throw new Error(`a budget take needs a finite time, not ${now}`);
  const checked = WindowCall.parse(call);
  const parsed = CallWindow.parse(window);
  return {
    window: parsed,
    now: Math.floor(now),
    callKey: windowCallKey(checked),
    takerPrefix: takerPrefix(checked.taker),
    marginMs: Math.ceil(parsed.skewMarginMs ?? 0),
  };
}

/** A call's key in the stored row: its taker first, so a taker knows its own calls by the prefix. */
export function windowCallKey(call: WindowCall): string {
  return `${takerPrefix(call.taker)}${call.id}`;
}

function takerPrefix(taker: string): string {
  return `${taker} `;
}

/**
 * The stored row of a window: each counted call's key and the instant it stops counting for every taker (its answer
 * plus the window and the skew margin). Rows written before takers were named have bare ids: nobody's own calls.
 */
export const WindowCalls = z.record(z.string(), z.number());
export type WindowCalls = z.infer<typeof WindowCalls>;

/** A call in flight stops counting `holdMs` after its grant; an answered one `windowMs` after its answer. */
export function grantedUntil(window: CallWindow, now: number): number {
  return now + window.holdMs;
}

/** Longest a refused taker waits before asking again while the calls in its way are still in flight. */
export const IN_FLIGHT_POLL_MS = 10;

/**
 * How long a refused taker should wait: until enough counted calls stop counting to leave a place. Calls still in
 * flight stop counting at an instant nobody knows yet (their answer, plus the window), so then it asks again soon.
 */
export function windowRefused(
  calls: WindowCalls | undefined,
  window: CallWindow,
  now: number,
  taker: string,
): BudgetTake {
  const own = takerPrefix(taker);
  const margin = Math.ceil(window.skewMarginMs ?? 0);
  const ends = Object.entries(calls ?? {})
    .map(([key, end]) => (key.startsWith(own) ? end - margin : end))
    .filter((end) => end > now)
    .sort((a, b) => a - b);
  const blocking = ends[ends.length - window.limit];
  if (blocking === undefined) return { granted: false, retryAfterMs: 1 };
  const inFlight = blocking - now > window.windowMs;
  return { granted: false, retryAfterMs: Math.max(1, inFlight ? IN_FLIGHT_POLL_MS : blocking - now) };
}
