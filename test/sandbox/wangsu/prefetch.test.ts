import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

describe('Wangsu sandbox prefetch (/ccm/fetch)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function prefetch(body: unknown) {
    return fx.call({ method: 'POST', path: '/ccm/fetch/ItemIdReceiver', body });
  }

  function query(body: unknown) {
    return fx.json({ method: 'POST', path: '/ccm/fetch/ItemIdQuery', body });
  }

  it('accepts URLs and takes them from wait to run to success', async () => {
    fx = await startWangsuFixture();

    const response = await prefetch({ urls: ['https://dl.example.cn/app.apk'], isRange: 0 });
    const { itemId } = z.object({ itemId: z.string() }).parse(response.json);
    const waiting = await query({ itemId });
    fx.clock.advance(30_000);
    const running = await query({ itemId });
    fx.clock.advance(30_000);
    const done = await query({ itemId });

    expect(response.json).toEqual({ Code: 1, Message: 'success', itemId: expect.any(String) });
    expect(waiting).toMatchObject({
      count: 1,
      Code: 1,
      resultDetail: [{ url: 'https://dl.example.cn/app.apk', status: 'wait', isDir: 0 }],
    });
    expect(running).toMatchObject({ resultDetail: [{ status: 'run' }] });
    expect(done).toMatchObject({ resultDetail: [{ status: 'success', rate: 100 }] });
  });

  it('keeps prefetch items apart from purge items', async () => {
    fx = await startWangsuFixture();
    await fx.call({
      method: 'POST',
      path: '/ccm/purge/ItemIdReceiver',
      body: { urls: ['https://dl.example.cn/a'] },
    });
    await prefetch({ urls: ['https://dl.example.cn/b'] });

    const fetches = await query({ startTime: '2026-11-23 09:00:00', endTime: '2026-11-23 10:00:00' });

    expect(fetches).toMatchObject({ count: 1, resultDetail: [{ url: 'https://dl.example.cn/b' }] });
  });

  it.each([
    ['no URLs', { urls: [] }, 'urls cannot be empty.'],
    [
      'a URL of a disabled domain',
      { urls: ['https://video.example.cn/a.mp4'] },
      /video\.example\.cn is disabled/,
    ],
    [
      'a URL of a domain not in the account',
      { urls: ['https://dl.example.com/a'] },
      /not an accelerated domain/,
    ],
    ['an isRange other than 0 or 1', { urls: ['https://dl.example.cn/a'], isRange: 2 }, /isRange/],
  ])('refuses %s with HTTP 200 Code 0', async (_label, body, message) => {
    fx = await startWangsuFixture();

    const response = await prefetch(body);

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ Code: 0, Message: expect.stringMatching(message) });
  });

  it('takes at most 400 URLs per call', async () => {
    fx = await startWangsuFixture();
    const urls = Array.from({ length: 401 }, (_, i) => `https://dl.example.cn/${i}.bin`);

    const tooMany = await prefetch({ urls });
    const justEnough = await prefetch({ urls: urls.slice(1) });

    expect(tooMany.json).toEqual({ Code: 0, Message: '401 urls submitted; at most 400 per request.' });
    expect(justEnough.json).toMatchObject({ Code: 1 });
  });

  it('enforces the daily limit and counts it down in upperQuery?type=fetch', async () => {
    fx = await startWangsuFixture({ quotas: { prefetchUrlsPerDay: 2 } });
    await prefetch({ urls: ['https://dl.example.cn/1'] });

    const over = await prefetch({ urls: ['https://dl.example.cn/2', 'https://dl.example.cn/3'] });
    const remaining = await fx.json({ path: '/ccm/upperQuery?type=fetch' });

    expect(over.json).toEqual({
      Code: 0,
      Message: 'Daily limit exceeded: 2 prefetch URLs submitted, 1 of 2 left today.',
    });
    expect(remaining).toEqual({ code: 0, message: 'success', fetchUpper: 2, fetchRemain: 1 });
  });

  it('defaults upperQuery?type=fetch to 20000 a day', async () => {
    fx = await startWangsuFixture();

    expect(await fx.json({ path: '/ccm/upperQuery?type=fetch' })).toMatchObject({
      fetchUpper: 20_000,
      fetchRemain: 20_000,
    });
  });

  it('refuses a query window longer than one day', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({
      method: 'POST',
      path: '/ccm/fetch/ItemIdQuery',
      body: { startTime: '2026-11-22 09:59:59', endTime: '2026-11-23 10:00:00' },
    });

    expect(response.json).toEqual({
      Code: 0,
      Message: 'The time span of a prefetch query is at most 1 day.',
    });
  });
});
