import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { createSlidingWindowLimiter } from '../../src/providers/sliding-window-limiter.ts';

describe('createSlidingWindowLimiter', () => {
  it('lets `limit` through at once and the next one when the oldest leaves the window', async () => {
    const clock = createManualClock(0);
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 1_000, clock });
    const grantedAt: number[] = [];

    (await limiter.acquire('DescribeDomains')).release();
    grantedAt.push(clock.now());
    clock.advance(300);
    (await limiter.acquire('DescribeDomains')).release();
    grantedAt.push(clock.now());
    (await limiter.acquire('DescribeDomains')).release();
    grantedAt.push(clock.now());
    (await limiter.acquire('DescribeDomains')).release();
    grantedAt.push(clock.now());

    expect(grantedAt).toEqual([0, 300, 1_000, 1_300]);
  });

  it('counts each key on its own', async () => {
    const clock = createManualClock(0);
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1_000, clock });

    (await limiter.acquire('PurgeUrlsCache')).release();
    (await limiter.acquire('PushUrlsCache')).release();

    expect(clock.now()).toBe(0);
  });

  it('counts a call still in flight until a window after its answer', async () => {
    const clock = createManualClock(0);
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1_000, clock, untilAnswered: true });
    const slow = await limiter.acquire('DescribeCdnData');
    const next = limiter.acquire('DescribeCdnData');
    clock.advance(5_000);
    slow.release();

    await next;

    expect(clock.now()).toBe(6_000);
  });

  it('does not wait once the window has passed', async () => {
    const clock = createManualClock(0);
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1_000, clock });
    (await limiter.acquire('DescribeDomains')).release();
    clock.advance(1_000);

    (await limiter.acquire('DescribeDomains')).release();

    expect(clock.now()).toBe(1_000);
  });
});
