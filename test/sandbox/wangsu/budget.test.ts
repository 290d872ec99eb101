import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_WANGSU_ACCOUNT } from '../../../sandbox/wangsu/index.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';
import { wangsuRequest } from './wangsu-request.ts';

const OTHER_ACCOUNT = {
  accessKey: 'AK-other',
  secretKey: 'SK-other',
  domains: [{ domain: 'www.other.cn' }],
};

describe('Wangsu sandbox request budget', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function statuses(count: number, scheme: 'basic' | 'aksk' = 'aksk'): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < count; i += 1) result.push((await fx.call({ path: '/api/domain', scheme })).status);
    return result;
  }

  it('answers 446 WPLUS_AccountApiTooFrequence past the limit, and OK again once the window slides', async () => {
    fx = await startWangsuFixture({ budget: { limit: 3, windowMs: 10_000 } });
    await statuses(2);
    fx.clock.advance(4_000);
    await statuses(1);

    const refused = await fx.call({ path: '/api/domain' });
    fx.clock.advance(5_999); // the first two are still inside (t - 10 000, t]
    const stillRefused = await fx.call({ path: '/api/domain' });
    fx.clock.advance(1); // now they have left the window
    const afterSlide = await statuses(3);

    expect(refused.status).toBe(446);
    expect(refused.requestId).toBeTruthy();
    expect(refused.json).toEqual({
      code: 'WPLUS_AccountApiTooFrequence',
      message: expect.stringContaining('at most 3 per 10 seconds'),
    });
    expect(stillRefused.status).toBe(446);
    expect(afterSlide).toEqual([200, 200, 446]);
  });

  it('defaults to 300 requests per 5 minutes', async () => {
    fx = await startWangsuFixture();

    const result = await statuses(301);

    expect(result.filter((status) => status === 200)).toHaveLength(300);
    expect(result.at(-1)).toBe(446);
    expect(fx.sandbox.maxRequestsInWindow(DEMO_WANGSU_ACCOUNT.username ?? '')).toBe(300);
  });

  it('counts Basic and AK/SK requests of one account against the same budget', async () => {
    fx = await startWangsuFixture({ budget: { limit: 2, windowMs: 60_000 } });

    const result = [
      ...(await statuses(1, 'basic')),
      ...(await statuses(1, 'aksk')),
      ...(await statuses(1, 'basic')),
    ];

    expect(result).toEqual([200, 200, 446]);
  });

  it('keeps one budget per account', async () => {
    fx = await startWangsuFixture({
      budget: { limit: 1, windowMs: 60_000 },
      accounts: [DEMO_WANGSU_ACCOUNT, OTHER_ACCOUNT],
    });

    const demo = await statuses(2);
    const other = await wangsuRequest(fx.sandbox.url, OTHER_ACCOUNT, fx.clock, { path: '/api/domain' });

    expect(demo).toEqual([200, 446]);
    expect(other.status).toBe(200);
  });

  it('counts only accepted requests: refused ones and failed logins do not spend the budget', async () => {
    fx = await startWangsuFixture({ budget: { limit: 2, windowMs: 60_000 } });
    await statuses(2);
    await statuses(3); // all 446
    await fx.call({ path: '/api/domain', signingKey: 'wrong' }); // 401
    fx.clock.advance(60_000);

    const afterWindow = await statuses(3);

    expect(afterWindow).toEqual([200, 200, 446]);
    expect(fx.sandbox.maxRequestsInWindow(DEMO_WANGSU_ACCOUNT.accessKey ?? '')).toBe(2);
  });

  it('reports the busiest window of accepted requests for an account, by username or accessKey', async () => {
    fx = await startWangsuFixture({ budget: { limit: 100, windowMs: 10_000 } });
    await statuses(2);
    fx.clock.advance(9_000);
    await statuses(3);
    fx.clock.advance(1_000); // the first two leave the window
    await statuses(1);

    expect(fx.sandbox.maxRequestsInWindow('demo-user')).toBe(5);
    expect(fx.sandbox.maxRequestsInWindow(DEMO_WANGSU_ACCOUNT.accessKey ?? '')).toBe(5);
    expect(() => fx.sandbox.maxRequestsInWindow('nobody')).toThrow(/no account/);
  });
});
