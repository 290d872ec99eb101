import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

const RANGE = { StartTime: '2026-11-23 00:00:00', EndTime: '2026-11-23 23:59:59' };

function urls(count: number, domain = 'www.example.com'): string[] {
  return Array.from({ length: count }, (_, i) => `https://${domain}/file-${i}.js`);
}

describe('Tencent sandbox URL and directory purges', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture({
      quotas: { urlPurge: { batch: 3, total: 5 }, pathPurge: { batch: 2, total: 3 } },
    });
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('creates a task whose URLs go from process to done once the task duration has passed', async () => {
    const { TaskId } = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://www.example.com/a.js', 'https://www.example.com/b.js'] },
    });

    const early = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });
    fx.clock.advance(59_999);
    const stillRunning = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });
    fx.clock.advance(1);
    const finished = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });

    expect(early.PurgeLogs).toEqual([
      {
        TaskId,
        Url: 'https://www.example.com/a.js',
        Status: 'process',
        PurgeType: 'url',
        FlushType: 'flush',
        CreateTime: '2026-11-23 10:00:00',
      },
      expect.objectContaining({ Url: 'https://www.example.com/b.js', Status: 'process' }),
    ]);
    expect(early.TotalCount).toBe(2);
    expect(stillRunning.PurgeLogs).toEqual([
      expect.objectContaining({ Status: 'process' }),
      expect.objectContaining({ Status: 'process' }),
    ]);
    expect(finished.PurgeLogs).toEqual([
      expect.objectContaining({ Status: 'done' }),
      expect.objectContaining({ Status: 'done' }),
    ]);
  });

  it('ends URLs marked with failUrl as fail, and finishAllTasks completes tasks at once', async () => {
    fx.sandbox.failUrl('https://www.example.com/broken.js');
    const { TaskId } = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://www.example.com/ok.js', 'https://www.example.com/broken.js'] },
    });

    fx.sandbox.finishAllTasks();
    const response = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });

    expect(response.PurgeLogs).toEqual([
      expect.objectContaining({ Url: 'https://www.example.com/ok.js', Status: 'done' }),
      expect.objectContaining({ Url: 'https://www.example.com/broken.js', Status: 'fail' }),
    ]);
  });

  it('refuses a URL on a domain the account does not have', async () => {
    const response = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://elsewhere.test/a.js'] },
    });

    expect(response.Error?.Code).toBe('ResourceNotFound.CdnHostNotExists');
  });

  it('refuses an offline domain but accepts one still processing', async () => {
    const offline = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://api.example.com/v1'] },
    });
    const processing = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://m.example.com/'] },
    });

    expect(offline.Error?.Code).toBe('InvalidParameter.CdnHostInvalidStatus');
    expect(processing.Error).toBeUndefined();
  });

  it('refuses a URL without http:// or https://', async () => {
    const response = await fx.call({ action: 'PurgeUrlsCache', params: { Urls: ['www.example.com/a.js'] } });

    expect(response.Error?.Code).toBe('InvalidParameter.CdnParamError');
  });

  it('refuses more URLs than the batch limit', async () => {
    const response = await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(4) } });

    expect(response.Error?.Code).toBe('LimitExceeded.CdnPurgeUrlExceedBatchLimit');
  });

  it('refuses what would go over the daily total, and resets at midnight Beijing time', async () => {
    await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(3) } });

    const overDay = await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(3) } });
    fx.clock.set(Date.UTC(2026, 10, 23, 15, 59, 59)); // 23:59:59 in Beijing: same quota day
    const beforeMidnight = await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(3) } });
    fx.clock.set(Date.UTC(2026, 10, 23, 16, 0, 0)); // 00:00 in Beijing: a new quota day
    const afterMidnight = await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(3) } });

    expect(overDay.Error?.Code).toBe('LimitExceeded.CdnPurgeUrlExceedDayLimit');
    expect(beforeMidnight.Error?.Code).toBe('LimitExceeded.CdnPurgeUrlExceedDayLimit');
    expect(afterMidnight.Error).toBeUndefined();
  });

  it('reports quotas per area, charging a global domain in both', async () => {
    await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(2, 'static.example.com') } });
    await fx.call({ action: 'PurgeUrlsCache', params: { Urls: urls(1) } });

    const response = await fx.call({ action: 'DescribePurgeQuota' });

    expect(response.UrlPurge).toEqual([
      { Batch: 3, Total: 5, Available: 2, Area: 'mainland' },
      { Batch: 3, Total: 5, Available: 3, Area: 'overseas' },
    ]);
    expect(response.PathPurge).toEqual([
      { Batch: 2, Total: 3, Available: 3, Area: 'mainland' },
      { Batch: 2, Total: 3, Available: 3, Area: 'overseas' },
    ]);
  });

  it('purges directories with a FlushType and enforces their own limits', async () => {
    const missingType = await fx.call({
      action: 'PurgePathCache',
      params: { Paths: ['https://www.example.com/a/'] },
    });
    const { TaskId } = await fx.call({
      action: 'PurgePathCache',
      params: { Paths: ['https://www.example.com/a/'], FlushType: 'delete' },
    });
    const overBatch = await fx.call({
      action: 'PurgePathCache',
      params: { Paths: urls(3), FlushType: 'flush' },
    });
    await fx.call({ action: 'PurgePathCache', params: { Paths: urls(2), FlushType: 'flush' } });
    const overDay = await fx.call({
      action: 'PurgePathCache',
      params: { Paths: urls(1), FlushType: 'flush' },
    });
    const logs = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });

    expect(missingType.Error?.Code).toBe('MissingParameter');
    expect(overBatch.Error?.Code).toBe('LimitExceeded.CdnPurgePathExceedBatchLimit');
    expect(overDay.Error?.Code).toBe('LimitExceeded.CdnPurgePathExceedDayLimit');
    expect(logs.PurgeLogs).toEqual([
      expect.objectContaining({ Url: 'https://www.example.com/a/', PurgeType: 'path', FlushType: 'delete' }),
    ]);
  });

  it('percent-encodes non-ASCII characters when UrlEncode is set', async () => {
    const { TaskId } = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://docs.example.com/文档/指南.html'], UrlEncode: true },
    });

    const response = await fx.call({ action: 'DescribePurgeTasks', params: { TaskId } });

    expect(response.PurgeLogs).toEqual([
      expect.objectContaining({ Url: 'https://docs.example.com/%E6%96%87%E6%A1%A3/%E6%8C%87%E5%8D%97.html' }),
    ]);
  });
});

describe('Tencent sandbox DescribePurgeTasks', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('needs a TaskId or a time range', async () => {
    const response = await fx.call({ action: 'DescribePurgeTasks', params: { StartTime: RANGE.StartTime } });

    expect(response.Error?.Code).toBe('MissingParameter');
  });

  it('refuses a time that is not YYYY-MM-DD HH:mm:ss', async () => {
    const response = await fx.call({
      action: 'DescribePurgeTasks',
      params: { StartTime: '2026-11-23T00:00:00Z', EndTime: RANGE.EndTime },
    });

    expect(response.Error?.Code).toBe('InvalidParameter.CdnStatInvalidDate');
  });

  it('lists the range newest first, filtered by type, keyword and status, paged', async () => {
    await fx.call({ action: 'PurgeUrlsCache', params: { Urls: ['https://www.example.com/1.js'] } });
    fx.clock.advance(61_000);
    await fx.call({ action: 'PurgeUrlsCache', params: { Urls: ['https://img.example.com/2.png'] } });
    await fx.call({
      action: 'PurgePathCache',
      params: { Paths: ['https://www.example.com/dir/'], FlushType: 'flush' },
    });

    const all = await fx.call({ action: 'DescribePurgeTasks', params: RANGE });
    const urlOnly = await fx.call({ action: 'DescribePurgeTasks', params: { ...RANGE, PurgeType: 'url' } });
    const www = await fx.call({
      action: 'DescribePurgeTasks',
      params: { ...RANGE, Keyword: 'www.example.com' },
    });
    const done = await fx.call({ action: 'DescribePurgeTasks', params: { ...RANGE, Status: 'done' } });
    const paged = await fx.call({ action: 'DescribePurgeTasks', params: { ...RANGE, Offset: 1, Limit: 1 } });
    const tomorrow = await fx.call({
      action: 'DescribePurgeTasks',
      params: { StartTime: '2026-11-24 00:00:00', EndTime: '2026-11-24 23:59:59' },
    });

    expect(
      z
        .array(z.object({ Url: z.string() }))
        .parse(all.PurgeLogs)
        .map((log) => log.Url),
    ).toEqual([
      'https://www.example.com/dir/',
      'https://img.example.com/2.png',
      'https://www.example.com/1.js',
    ]);
    expect(all.TotalCount).toBe(3);
    expect(urlOnly.TotalCount).toBe(2);
    expect(www.TotalCount).toBe(2);
    expect(done.PurgeLogs).toEqual([
      expect.objectContaining({ Url: 'https://www.example.com/1.js', CreateTime: '2026-11-23 10:00:00' }),
    ]);
    expect(paged.PurgeLogs).toEqual([expect.objectContaining({ Url: 'https://img.example.com/2.png' })]);
    expect(paged.TotalCount).toBe(3);
    expect(tomorrow).toMatchObject({ PurgeLogs: [], TotalCount: 0 });
  });
});
