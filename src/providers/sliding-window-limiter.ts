import type { Clock } from '../clock.ts';

/** A granted call: released when its answer came back (or it failed), so the window counts it from then. */
export interface CallPermit {
  release(): void;
}

/**
 * Keeps a caller under `limit` operations per `windowMs`, waiting (on the injected clock) when the window is
 * full. Providers throttle per account and action; pacing ourselves avoids spending retries on their refusals.
 */
export interface SlidingWindowLimiter {
  acquire(key: string): Promise<CallPermit>;
}

/**
 * The in-process window, for a client built without a store (one process). With `untilAnswered`, a call counts
 * from its grant until `windowMs` after its release: the provider saw it arrive somewhere in between, so no window
 * the provider counts can hold more than `limit` of ours, however the network delayed them (what a 1-second window
 * needs). Without, a call counts for `windowMs` from its grant, which is as good for windows of minutes.
 */
export function createSlidingWindowLimiter(options: {
  limit: number;
  windowMs: number;
  clock: Clock;
  untilAnswered?: boolean;
}): SlidingWindowLimiter {
  const { limit, windowMs, clock } = options;
  /** Per key: each counted call and when it stops counting (Infinity while in flight). */
  const counted = new Map<string, Map<number, number>>();
  // Acquisitions for one key are serialised so concurrent callers cannot all see the same free slot.
  const queues = new Map<string, Promise<unknown>>();
  /** The one caller of a key waiting for a call in flight to be released. */
  const wakers = new Map<string, () => void>();
  let nextId = 0;

  async function take(key: string): Promise<CallPermit> {
    for (;;) {
      const now = clock.now();
      const calls = counted.get(key) ?? new Map<number, number>();
      counted.set(key, calls);
      for (const [id, until] of calls) if (until <= now) calls.delete(id);
      if (calls.size < limit) {
        const id = nextId++;
        if (!options.untilAnswered) {
          calls.set(id, now + windowMs);
          return { release() {} };
        }
        calls.set(id, Number.POSITIVE_INFINITY);
        return {
          release() {
            // Only the first release counts: a later one would only hold the place longer.
            if (calls.get(id) === Number.POSITIVE_INFINITY) calls.set(id, clock.now() + windowMs);
            wakers.get(key)?.();
          },
        };
      }
      const ends = [...calls.values()].sort((a, b) => a - b);
      const blocking = ends[ends.length - limit]!;
      if (Number.isFinite(blocking)) await clock.sleep(blocking - now);
      else await new Promise<void>((resolve) => wakers.set(key, resolve));
      wakers.delete(key);
    }
  }

  return {
    acquire(key) {
      const previous = queues.get(key) ?? Promise.resolve();
      const next = previous.then(() => take(key));
      queues.set(
        key,
        next.catch(() => {}),
      );
      return next;
    },
  };
}
