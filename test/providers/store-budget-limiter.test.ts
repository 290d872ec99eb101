import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import {
  createStoreBudgetLimiter,
  createStoreWindowLimiter,
} from '../../src/providers/store-budget-limiter.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import type { BudgetRepository, Store } from '../../src/store/store.ts';

const bucket = { capacity: 10, refillPerSecond: 1 };
const stores: Store[] = [];

function openStore(): Store {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** The most grants whose times fall within any `windowMs`. */
function busiestWindow(grantedAt: number[], windowMs: number): number {
  const sorted = grantedAt.toSorted((a, b) => a - b);
  return Math.max(
    0,
    ...sorted.map((start) => sorted.filter((at) => at >= start && at < start + windowMs).length),
  );
}

describe('createStoreBudgetLimiter', () => {
  it('lets the capacity through at once, then one per refill, in virtual time', async () => {
    const clock = createManualClock(0);
    const limiter = createStoreBudgetLimiter({
      budgets: openStore().budgets,
      bucketFor: () => bucket,
      clock,
    });
    const grantedAt: number[] = [];

    for (let call = 0; call < 25; call += 1) {
      await limiter.acquire('tencent-prod:PurgeUrlsCache');
      grantedAt.push(clock.now());
    }

    expect(grantedAt.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(clock.now()).toBeGreaterThanOrEqual(15_000);
    expect(clock.now()).toBeLessThanOrEqual(15_100);
    expect(busiestWindow(grantedAt, 10_000)).toBeLessThanOrEqual(bucket.capacity + 10);
  });

  it('serves concurrent callers in turn without running past the budget', async () => {
    const clock = createManualClock(0);
    const limiter = createStoreBudgetLimiter({
      budgets: openStore().budgets,
      bucketFor: () => bucket,
      clock,
    });
    const grantedAt: number[] = [];

    await Promise.all(
      Array.from({ length: 25 }, () =>
        limiter.acquire('tencent-prod:PurgeUrlsCache').then(() => grantedAt.push(clock.now())),
      ),
    );

    expect(grantedAt).toHaveLength(25);
    expect(clock.now()).toBeGreaterThanOrEqual(15_000);
    expect(clock.now()).toBeLessThanOrEqual(15_100);
    expect(busiestWindow(grantedAt, 10_000)).toBeLessThanOrEqual(bucket.capacity + 10);
  });

  it('shares one budget between limiters on one store, as replicas do', async () => {
    const clock = createManualClock(0);
    const { budgets } = openStore();
    const replicas = [1, 2, 3].map(() =>
      createStoreBudgetLimiter({ budgets, bucketFor: () => bucket, clock }),
    );
    const grantedAt: number[] = [];

    await Promise.all(
      Array.from({ length: 30 }, (_, call) =>
        replicas[call % replicas.length]!.acquire('tencent-prod:PurgeUrlsCache').then(() =>
          grantedAt.push(clock.now()),
        ),
      ),
    );

    expect(grantedAt).toHaveLength(30);
    // Each waiting limiter's sleep moves the shared manual clock, so how many got through at 0 depends on the
    // order they first asked in; the budget holds whatever that order.
    expect(grantedAt.filter((at) => at === 0).length).toBeLessThanOrEqual(bucket.capacity);
    expect(busiestWindow(grantedAt, 10_000)).toBeLessThanOrEqual(bucket.capacity + 10);
  });

  it('keeps keys apart and asks for each key its own bucket', async () => {
    const clock = createManualClock(0);
    const asked: string[] = [];
    const limiter = createStoreBudgetLimiter({
      budgets: openStore().budgets,
      bucketFor: (key) => {
        asked.push(key);
        return { capacity: 1, refillPerSecond: 1 };
      },
      clock,
    });

    await limiter.acquire('tencent-prod:PurgeUrlsCache');
    await limiter.acquire('tencent-prod:PushUrlsCache');

    expect(clock.now()).toBe(0);
    expect(asked).toEqual(['tencent-prod:PurgeUrlsCache', 'tencent-prod:PushUrlsCache']);
  });

  it('passes a failing store on to the caller, and the next caller still gets through', async () => {
    const clock = createManualClock(0);
    const store = openStore();
    let failNext = true;
    const budgets: BudgetRepository = {
      take(key, shape, now) {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('store unreachable'));
        }
        return store.budgets.take(key, shape, now);
      },
      takeCall: store.budgets.takeCall,
      releaseCall: store.budgets.releaseCall,
    };
    const limiter = createStoreBudgetLimiter({ budgets, bucketFor: () => bucket, clock });

    await expect(limiter.acquire('k')).rejects.toThrow('store unreachable');
    await expect(limiter.acquire('k')).resolves.toBeDefined();
  });
});

describe('createStoreWindowLimiter', () => {
  const window = { limit: 20, windowMs: 1_000, holdMs: 11_000 };

  it('lets 20 calls through in any second, and no more, when each is answered at once', async () => {
    const clock = createManualClock(0);
    const limiter = createStoreWindowLimiter({ budgets: openStore().budgets, window, clock });
    const grantedAt: number[] = [];

    for (let call = 0; call < 45; call += 1) {
      const permit = await limiter.acquire('tencent/prod/DescribeCdnData');
      grantedAt.push(clock.now());
      permit.release();
    }

    expect(busiestWindow(grantedAt, 1_000)).toBe(20);
    expect(grantedAt.slice(0, 20)).toEqual(Array(20).fill(0));
    // Each second's 20 go as soon as the second before them has passed: 45 calls take just over two seconds.
    expect(grantedAt[20]).toBe(1_000);
    expect(grantedAt[40]).toBe(2_000);
  });

  it('counts a call until a window after its answer, so a slow one holds its place however late it arrived', async () => {
    const clock = createManualClock(0);
    const limiter = createStoreWindowLimiter({ budgets: openStore().budgets, window, clock });
    const permits = [];
    for (let call = 0; call < 20; call += 1) permits.push(await limiter.acquire('k'));

    let granted: number | undefined;
    const next = limiter.acquire('k').then((permit) => {
      granted = clock.now();
      return permit;
    });
    clock.advance(3_000);
    for (const permit of permits) permit.release();
    await next;

    // Answered at 3 s or later: the 21st waits for the window after the answers, not after the grants.
    expect(granted).toBeGreaterThanOrEqual(4_000);
  });

  it('keeps two replicas on one store within one window together', async () => {
    const clock = createManualClock(0);
    const budgets = openStore().budgets;
    const replicas = [0, 1].map(() => createStoreWindowLimiter({ budgets, window, clock }));
    const grantedAt: number[] = [];

    await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const permit = await replicas[index % 2]!.acquire('k');
        grantedAt.push(clock.now());
        permit.release();
      }),
    );

    expect(grantedAt).toHaveLength(60);
    expect(busiestWindow(grantedAt, 1_000)).toBeLessThanOrEqual(20);
  });

  it('waits the skew margin only for the calls of another replica, whose clock may be ahead', async () => {
    /** When the 21st call is granted, by the replica that made the first 20 (answered at once) or by another. */
    async function twentyFirstGranted(by: 'same' | 'other'): Promise<number> {
      const clock = createManualClock(0);
      const budgets = openStore().budgets;
      const skewed = { ...window, skewMarginMs: 20 };
      const [first, second] = [0, 1].map(() => createStoreWindowLimiter({ budgets, window: skewed, clock }));
      const permits = [];
      for (let call = 0; call < 20; call += 1) permits.push(await first!.acquire('k'));
      for (const permit of permits) permit.release();
      await (by === 'same' ? first : second)!.acquire('k');
      return clock.now();
    }

    // Its own answers were read on its own clock: a window after them is enough.
    expect(await twentyFirstGranted('same')).toBe(1_000);
    expect(await twentyFirstGranted('other')).toBe(1_020);
  });
});
