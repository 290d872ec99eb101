import { describe, expect, it } from 'vitest';
import { cachedTrafficBuckets, trafficBuckets } from '../../../sandbox/tencent/traffic-buckets.ts';
import { trafficProfile } from '../../../sandbox/tencent/traffic-model.ts';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 23, 1, 0);

describe('the sandbox remembering bucketed traffic', () => {
  it('answers alike for any moment of one minute, and counts a minute once it has ended', () => {
    const profiles = [trafficProfile('remember.example.com')];
    const spec = { startMs: START, stepMs: 5 * MINUTE, count: 3 };
    // Within minute 7 of the range: minutes 0 to 6 have ended.
    const early = cachedTrafficBuckets(profiles, spec, START + 7 * MINUTE + 1_000, false);
    const late = cachedTrafficBuckets(profiles, spec, START + 8 * MINUTE - 1, false);
    expect(late).toEqual(early);
    expect(early).toEqual(trafficBuckets(profiles, spec, START + 7 * MINUTE + 1_000, false));
    // Minute 7 has ended: the second bucket grows.
    const next = cachedTrafficBuckets(profiles, spec, START + 8 * MINUTE, false);
    expect(next).toEqual(trafficBuckets(profiles, spec, START + 8 * MINUTE, false));
    expect(next.request[1]).toBeGreaterThan(early.request[1]!);
  });
});
