import type { Clock } from '../clock.ts';
import type { BudgetRepository, TokenBucket } from '../store/store.ts';
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from './sliding-window-limiter.ts';
import { createStoreBudgetLimiter } from './store-budget-limiter.ts';

/**
 * How a provider client paces itself under the provider's rate limit. With the store's budgets (the bot), every
 * replica draws on one token bucket per account and key, so together they stay within the limit; without (a client
 * built on its own, e.g. in a unit test), a sliding window in this process does the same for one process.
 */
export function createPacer(options: {
  budgets: BudgetRepository | undefined;
  clock: Clock;
  /** Names the account in the store's budget keys: `<scope>/<key>`. */
  scope: string;
  bucket: TokenBucket;
  window: { limit: number; windowMs: number };
}): SlidingWindowLimiter {
  const { budgets, clock, scope, bucket, window } = options;
  if (!budgets) return createSlidingWindowLimiter({ ...window, clock });
  const shared = createStoreBudgetLimiter({ budgets, bucketFor: () => bucket, clock });
  return { acquire: (key) => shared.acquire(`${scope}/${key}`) };
}
