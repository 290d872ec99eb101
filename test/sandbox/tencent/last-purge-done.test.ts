import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

describe('Tencent sandbox lastPurgeDoneAt', () => {
  let fx: SandboxFixture;
  let start: number;

  beforeEach(async () => {
    fx = await startSandboxFixture({ taskDurationMs: 60_000 });
    start = fx.clock.now();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function purgeUrls(urls: string[]) {
    return fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls } });
  }

  it('is undefined until a URL purge is done, then the time it ended', async () => {
    await purgeUrls(['https://www.example.com/app.js']);

    const before = fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js');
    fx.clock.advance(59_999);
    const running = fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js');
    fx.clock.advance(30_000);
    const done = fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js');

    expect(before).toBeUndefined();
    expect(running).toBeUndefined();
    expect(done).toBe(start + 60_000);
  });

  it('matches the URL without scheme, port or host case, but with its path and query', async () => {
    await purgeUrls(['https://www.example.com/app.js?v=2']);
    fx.sandbox.finishAllTasks();

    expect(fx.sandbox.lastPurgeDoneAt('http://WWW.example.com:8080/app.js?v=2')).toBe(start);
    expect(fx.sandbox.lastPurgeDoneAt('www.example.com/app.js?v=2')).toBe(start);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js')).toBeUndefined();
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js?v=3')).toBeUndefined();
    expect(fx.sandbox.lastPurgeDoneAt('https://static.example.com/app.js?v=2')).toBeUndefined();
  });

  it('counts a directory purge for every URL below the directory', async () => {
    await fx.call({
      action: 'PurgePathCache',
      params: { Paths: ['https://www.example.com/static/'], FlushType: 'flush' },
    });
    fx.clock.advance(60_000);

    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/static/js/app.js')).toBe(start + 60_000);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/static/')).toBe(start + 60_000);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/other/app.js')).toBeUndefined();
  });

  it('gives the latest completion when several purges cover the URL, finishAllTasks included', async () => {
    await purgeUrls(['https://www.example.com/app.js']);
    fx.clock.advance(90_000);
    await fx.call({
      action: 'PurgePathCache',
      params: { Paths: ['https://www.example.com/'], FlushType: 'delete' },
    });
    fx.clock.advance(5_000);
    const afterFirst = fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js');
    fx.sandbox.finishAllTasks();

    expect(afterFirst).toBe(start + 60_000);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/app.js')).toBe(start + 95_000);
  });

  it('ignores entries that end as fail and prefetches', async () => {
    fx.sandbox.failUrl('https://www.example.com/broken.js');
    await purgeUrls(['https://www.example.com/broken.js']);
    await fx.call({ action: 'PushUrlsCache', params: { Urls: ['https://www.example.com/pushed.js'] } });
    fx.clock.advance(60_000);

    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/broken.js')).toBeUndefined();
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/pushed.js')).toBeUndefined();
  });

  it('matches an entry stored percent-encoded by its URL as requested too', async () => {
    await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://www.example.com/文件.js'], UrlEncode: true },
    });
    fx.sandbox.finishAllTasks();

    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/%E6%96%87%E4%BB%B6.js')).toBe(start);
    expect(fx.sandbox.lastPurgeDoneAt('https://www.example.com/文件.js')).toBe(start);
  });
});
