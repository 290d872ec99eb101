import type { Clock } from '../clock.ts';
import type { BudgetRepository, TokenBucket } from '../store/store.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';

/**
 * Paces calls to a provider against a token bucket kept in the store, so every replica draws on one budget per
 * account and action and together they stay within what the provider allows. Waits on the injected clock for as
 * long as the store says a token is away, then asks again: another replica may have taken it meanwhile.
 */
export function createStoreBudgetLimiter(options: {
  budgets: BudgetRepository;
  bucketFor: (key: string) => TokenBucket;
  clock: Clock;
}): SlidingWindowLimiter {
  const { budgets, bucketFor, clock } = options;
  // Callers in this process wait in line per key: first come, first served, and one of them asks the store at a
  // time instead of all of them at every refill.
  const queues = new Map<string, Promise<void>>();

  async function take(key: string): Promise<void> {
    for (;;) {
      const result = await budgets.take(key, bucketFor(key), clock.now());
      if (result.granted) return;
      // The store promises at least 1 ms; never trust a zero to be anything but a spin.
      await clock.sleep(Math.max(1, result.retryAfterMs));
    }
  }

  return {
    acquire(key) {
      const previous = queues.get(key) ?? Promise.resolve();
      const next = previous.then(() => take(key));
      const settled = next.catch(() => {});
      queues.set(key, settled);
      // Forget a key once its line is empty, so keys seen once do not pile up.
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return next;
    },
  };
}
