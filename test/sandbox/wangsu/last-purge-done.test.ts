import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const Received = z.object({ Code: z.literal(1), itemId: z.string() });

describe('Wangsu sandbox lastPurgeDoneAt', () => {
  let fx: WangsuFixture;
  let start: number;

  beforeEach(async () => {
    fx = await startWangsuFixture({ purgeDurationMs: 60_000 });
    start = fx.clock.now();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function purge(body: { urls?: string[]; dirs?: string[]; dirAction?: 'expire' }) {
    const response = await fx.call({ method: 'POST', path: '/ccm/purge/ItemIdReceiver', body });
    return Received.parse(response.json).itemId;
  }

  it('is undefined while the item waits or runs, then the time it succeeded', async () => {
    await purge({ urls: ['https://www.example.cn/app.js'] });

    const waiting = fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js');
    fx.clock.advance(30_000);
    const running = fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js');
    fx.clock.advance(30_000);
    const done = fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js');

    expect(waiting).toBeUndefined();
    expect(running).toBeUndefined();
    expect(done).toBe(start + 60_000);
  });

  it('matches the URL without scheme, port or host case, but with its path and query', async () => {
    await purge({ urls: ['http://www.example.cn/app.js?v=2'] });
    fx.sandbox.finishAll();

    expect(fx.sandbox.lastPurgeDoneAt('https://WWW.EXAMPLE.CN:443/app.js?v=2')).toBe(start);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js')).toBeUndefined();
    expect(fx.sandbox.lastPurgeDoneAt('https://cdn.example.cn/app.js?v=2')).toBeUndefined();
  });

  it('counts a directory item for every URL below the directory', async () => {
    await purge({ dirs: ['https://cdn.example.cn/static/'], dirAction: 'expire' });
    fx.clock.advance(60_000);

    expect(fx.sandbox.lastPurgeDoneAt('https://cdn.example.cn/static/img/logo.png')).toBe(start + 60_000);
    expect(fx.sandbox.lastPurgeDoneAt('https://cdn.example.cn/assets/logo.png')).toBeUndefined();
  });

  it('gives the latest completion when several purges cover the URL, finishAll included', async () => {
    await purge({ urls: ['https://www.example.cn/app.js'] });
    fx.clock.advance(90_000);
    await purge({ dirs: ['https://www.example.cn/'] });
    fx.clock.advance(5_000);
    const afterFirst = fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js');
    fx.sandbox.finishAll();

    expect(afterFirst).toBe(start + 60_000);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.cn/app.js')).toBe(start + 95_000);
  });

  it('ignores items that end as failure and prefetches', async () => {
    fx.sandbox.failUrl('https://www.example.cn/broken.js');
    await purge({ urls: ['https://www.example.cn/broken.js'] });
    await fx.call({
      method: 'POST',
      path: '/ccm/fetch/ItemIdReceiver',
      body: { urls: ['https://www.example.cn/fetched.js'] },
    });
    fx.clock.advance(60_000);

    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.cn/broken.js')).toBeUndefined();
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.cn/fetched.js')).toBeUndefined();
  });
});
