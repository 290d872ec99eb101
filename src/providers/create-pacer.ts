import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BudgetRepository, CallWindow, TokenBucket } from '../store/store.ts';
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from './sliding-window-limiter.ts';
import { createStoreBudgetLimiter, createStoreWindowLimiter } from './store-budget-limiter.ts';

/**
 * How a provider client paces itself under the provider's rate limit. With the store's budgets (the bot), every
 * replica draws on one budget per account and key, so together they stay within the limit. Without a store (a
 * client built on its own, e.g. in a unit test), a sliding window in this process does the same for one process.
 */
export function createPacer(options: {
  budgets: BudgetRepository | undefined;
  clock: Clock;
  /** Names the account in the store's budget keys: `<scope>/<key>`. */
  scope: string;
  /** Shared as a token bucket (Wangsu); without one, as the sliding `window` itself (Tencent). */
  bucket?: TokenBucket | undefined;
  window: CallWindow | { limit: number; windowMs: number };
  logger?: Logger | undefined;
}): SlidingWindowLimiter {
  const { budgets, clock, scope, bucket, window } = options;
  if (!budgets) return createSlidingWindowLimiter({ ...window, clock, untilAnswered: !bucket });
  const shared = bucket
    ? createStoreBudgetLimiter({ budgets, bucketFor: () => bucket, clock })
    : createStoreWindowLimiter({
        budgets,
        window: { holdMs: 2 * window.windowMs, ...window },
        clock,
        logger: options.logger,
      });
  return { acquire: (key) => shared.acquire(`${scope}/${key}`) };
}
