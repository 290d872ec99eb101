/** Where a queued piece of work is: `queued` for its first tenth, then `running`, then `done`. */
export type AsyncPhase = 'queued' | 'running' | 'done';

/** The share of the duration spent queued before work starts (WAIT / `wait`). */
const QUEUED_SHARE = 0.1;

/** When work submitted at `startMs` and ending at `endMs` leaves the queue. */
export function runningFrom(startMs: number, endMs: number): number {
  return startMs + Math.floor((endMs - startMs) * QUEUED_SHARE);
}

/** Evaluated lazily against the clock: nothing runs in the background. */
export function asyncPhase(startMs: number, endMs: number, nowMs: number): AsyncPhase {
  if (nowMs >= endMs) return 'done';
  return nowMs < runningFrom(startMs, endMs) ? 'queued' : 'running';
}
