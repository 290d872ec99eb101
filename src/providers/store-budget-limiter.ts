import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BudgetRepository, CallWindow, TokenBucket } from '../store/store.ts';
import type { CallPermit, SlidingWindowLimiter } from './sliding-window-limiter.ts';

const NO_RELEASE: CallPermit = { release() {} };

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
  return inLine(async (key) => {
    for (;;) {
      const result = await budgets.take(key, bucketFor(key), clock.now());
      if (result.granted) return NO_RELEASE;
      // The store promises at least 1 ms; never trust a zero to be anything but a spin.
      await clock.sleep(Math.max(1, result.retryAfterMs));
    }
  });
}

/**
 * Paces calls against a sliding window kept in the store (`takeCall`): a provider that counts calls in any window
 * (Tencent: 20 per second per action) is kept to exactly that by every replica together, where a token bucket
 * would let twice its capacity through in one window. The permit's release tells the store the answer came back,
 * so the call stops counting one window later (later by the window's skew margin for the other replicas); a failed
 * release only keeps it counted longer, never shorter.
 */
export function createStoreWindowLimiter(options: {
  budgets: BudgetRepository;
  window: CallWindow;
  clock: Clock;
  logger?: Logger | undefined;
}): SlidingWindowLimiter {
  const { budgets, window, clock, logger } = options;
  // Every call of this limiter is read on one clock, `clock`: the store spares them the skew margin.
  const taker = randomUUID();
  return inLine(async (key) => {
    const call = { id: randomUUID(), taker };
    for (;;) {
      const result = await budgets.takeCall(key, window, clock.now(), call);
      if (result.granted) break;
      await clock.sleep(Math.max(1, result.retryAfterMs));
    }
    let released = false;
    return {
      // Idempotent: the first release is when the answer came; a later one would only hold the place longer.
      release() {
        if (released) return;
        released = true;
        const until = clock.now() + window.windowMs + (window.skewMarginMs ?? 0);
        budgets.releaseCall(key, call, until).catch((error: unknown) => {
          // Harmless for the budget (the call lapses after its hold), but worth knowing.
          logger?.warn('could not release a provider call in the store', {
            key,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      },
    };
  });
}

/**
 * Callers in this process wait in line per key: first come, first served, and one of them asks the store at a time
 * instead of all of them at every refill.
 */
function inLine(take: (key: string) => Promise<CallPermit>): SlidingWindowLimiter {
  const queues = new Map<string, Promise<unknown>>();
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
