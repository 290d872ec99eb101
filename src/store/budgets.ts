/**
 * What both stores' token buckets share: the stored row, and how long a refused taker should wait, worked out from
 * that row the way the take statement refills it.
 */
import { z } from 'zod';
import { type BudgetTake, TokenBucket } from './store.ts';

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
