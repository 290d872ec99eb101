import type { Clock } from '../clock.ts';

/**
 * Keeps a caller under `limit` operations per `windowMs`, waiting (on the injected clock) when the window is
 * full. Providers throttle per account and action; pacing ourselves avoids spending retries on their 429s.
 */
export interface SlidingWindowLimiter {
  acquire(key: string): Promise<void>;
}

export function createSlidingWindowLimiter(options: {
  limit: number;
  windowMs: number;
  clock: Clock;
}): SlidingWindowLimiter {
  const { limit, windowMs, clock } = options;
  const history = new Map<string, number[]>();
  // Acquisitions for one key are serialised so concurrent callers cannot all see the same free slot.
  const queues = new Map<string, Promise<void>>();

  async function take(key: string): Promise<void> {
    for (;;) {
      const now = clock.now();
      const stamps = (history.get(key) ?? []).filter((at) => at > now - windowMs);
      if (stamps.length < limit) {
        stamps.push(now);
        history.set(key, stamps);
        return;
      }
      history.set(key, stamps);
      await clock.sleep(stamps[0]! + windowMs - now);
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
