import { describe, expect, it } from 'vitest';
import { canSkipAhead, createDemoClock } from '../../demo/demo-clock.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';

describe('the demo clock', () => {
  it('runs on real time until told to skip ahead', () => {
    const clock = createDemoClock();
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('skips far enough that every sleeper is due, and wakes them at once', async () => {
    const clock = createDemoClock();
    const start = clock.now();
    const woken: number[] = [];
    const short = clock.sleep(60_000).then(() => woken.push(clock.now()));
    const long = clock.sleep(3_600_000).then(() => woken.push(clock.now()));

    clock.skipAhead(1_000);
    await Promise.all([short, long]);

    expect(woken).toHaveLength(2);
    expect(clock.now() - start).toBeGreaterThanOrEqual(3_600_000);
  });

  it('moves at least as far as asked when nobody sleeps, and never back', () => {
    const clock = createDemoClock();
    const start = clock.now();
    clock.skipAhead(30_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
    clock.skipAhead(-5_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
  });

  it('is told apart from clocks that cannot skip', () => {
    expect(canSkipAhead(createDemoClock())).toBe(true);
    expect(canSkipAhead(createManualClock())).toBe(false);
  });
});
