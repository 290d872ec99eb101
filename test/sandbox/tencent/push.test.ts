import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

describe('Tencent sandbox prefetch', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture({ quotas: { urlPush: { batch: 2, total: 3 } }, taskDurationMs: 10_000 });
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('prefetches and reports progress until done', async () => {
    const { TaskId } = await fx.call({
      action: 'PushUrlsCache',
      params: { Urls: ['https://video.example.com/a.mp4'] },
    });

    fx.clock.advance(2_500);
    const running = await fx.call({ action: 'DescribePushTasks', params: { TaskId } });
    fx.clock.advance(7_500);
    const finished = await fx.call({ action: 'DescribePushTasks', params: { TaskId } });

    expect(running.PushLogs).toEqual([
      {
        TaskId,
        Url: 'https://video.example.com/a.mp4',
        Status: 'process',
        Percent: 25,
        CreateTime: '2026-11-23 10:00:00',
        Area: 'mainland',
        UpdateTime: '2026-11-23 10:00:02',
      },
    ]);
    expect(finished.PushLogs).toEqual([
      expect.objectContaining({ Status: 'done', Percent: 100, UpdateTime: '2026-11-23 10:00:10' }),
    ]);
    expect(finished.TotalCount).toBe(1);
  });

  it.each([
    ['offline', 'https://api.example.com/v1'],
    ['processing', 'https://m.example.com/'],
    ['overseas-only, prefetched in the default mainland area', 'https://global.example.net/a.js'],
  ])('refuses a domain that is %s', async (_label, url) => {
    const response = await fx.call({ action: 'PushUrlsCache', params: { Urls: [url] } });

    expect(response.Error?.Code).toBe('ResourceUnavailable.CdnHostIsNotOnline');
  });

  it('prefetches an overseas domain when Area says overseas', async () => {
    const response = await fx.call({
      action: 'PushUrlsCache',
      params: { Urls: ['https://global.example.net/a.js'], Area: 'overseas' },
    });

    expect(response.Error).toBeUndefined();
  });

  it('refuses a domain the account does not have', async () => {
    const response = await fx.call({ action: 'PushUrlsCache', params: { Urls: ['https://nope.test/a.js'] } });

    expect(response.Error?.Code).toBe('ResourceNotFound.CdnHostNotExists');
  });

  it('enforces the batch and daily limits, a global prefetch counting in both areas', async () => {
    const overBatch = await fx.call({
      action: 'PushUrlsCache',
      params: {
        Urls: ['https://www.example.com/1', 'https://www.example.com/2', 'https://www.example.com/3'],
      },
    });
    await fx.call({
      action: 'PushUrlsCache',
      params: {
        Urls: ['https://static.example.com/1.js', 'https://static.example.com/2.js'],
        Area: 'global',
      },
    });
    const quota = await fx.call({ action: 'DescribePushQuota' });
    const overDay = await fx.call({
      action: 'PushUrlsCache',
      params: { Urls: ['https://www.example.com/1', 'https://www.example.com/2'] },
    });

    expect(overBatch.Error?.Code).toBe('LimitExceeded.CdnPushExceedBatchLimit');
    expect(quota.UrlPush).toEqual([
      { Batch: 2, Total: 3, Available: 1, Area: 'mainland' },
      { Batch: 2, Total: 3, Available: 1, Area: 'overseas' },
    ]);
    expect(overDay.Error?.Code).toBe('LimitExceeded.CdnPushExceedDayLimit');
  });

  it('marks a failed URL as fail with no progress', async () => {
    fx.sandbox.failUrl('https://download.example.com/big.zip');
    const { TaskId } = await fx.call({
      action: 'PushUrlsCache',
      params: { Urls: ['https://download.example.com/big.zip'] },
    });

    fx.clock.advance(10_000);
    const response = await fx.call({ action: 'DescribePushTasks', params: { TaskId, Status: 'fail' } });

    expect(response.PushLogs).toEqual([expect.objectContaining({ Status: 'fail', Percent: 0 })]);
  });
});
