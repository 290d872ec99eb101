import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const Received = z.object({ Code: z.literal(1), Message: z.string(), itemId: z.string() });
const Detail = z.object({
  url: z.string(),
  status: z.enum(['success', 'failure', 'wait', 'run']),
  rate: z.number(),
  isDir: z.number(),
  createTime: z.string(),
  beginTime: z.string(),
  finishTime: z.string(),
});
const QueryAnswer = z.object({
  count: z.number(),
  Code: z.literal(1),
  Message: z.string(),
  pageNo: z.number(),
  pageSize: z.number(),
  resultDetail: z.array(Detail),
});

describe('Wangsu sandbox purge (/ccm/purge)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function purge(body: unknown) {
    return fx.call({ method: 'POST', path: '/ccm/purge/ItemIdReceiver', body });
  }

  async function submit(body: unknown): Promise<string> {
    return Received.parse((await purge(body)).json).itemId;
  }

  async function query(body: unknown) {
    const response = await fx.call({ method: 'POST', path: '/ccm/purge/ItemIdQuery', body });
    return QueryAnswer.parse(response.json);
  }

  async function quota() {
    return fx.json({ path: '/ccm/upperQuery?type=purge' });
  }

  it('accepts URLs and directories under one itemId', async () => {
    fx = await startWangsuFixture();

    const response = await purge({
      urls: ['https://www.example.cn/a.png', 'http://img.example.cn/b.jpg'],
      dirs: ['https://cdn.example.cn/static/'],
      urlAction: 'expire',
      dirAction: 'expire',
    });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ Code: 1, Message: 'success', itemId: expect.stringMatching(UUID) });
  });

  it('takes items from wait to run to success as the clock advances', async () => {
    fx = await startWangsuFixture();
    const itemId = await submit({
      urls: ['https://www.example.cn/a.png'],
      dirs: ['https://www.example.cn/img/'],
    });

    const waiting = await query({ itemId });
    fx.clock.advance(30_000);
    const running = await query({ itemId });
    fx.clock.advance(30_000);
    const done = await query({ itemId });

    expect(waiting).toEqual({
      count: 2,
      Code: 1,
      Message: 'success',
      pageNo: 1,
      pageSize: 20,
      resultDetail: [
        {
          url: 'https://www.example.cn/a.png',
          status: 'wait',
          rate: 0,
          isDir: 0,
          createTime: '2026-11-23 10:00:00',
          beginTime: '',
          finishTime: '',
        },
        expect.objectContaining({ url: 'https://www.example.cn/img/', status: 'wait', isDir: 2 }),
      ],
    });
    expect(running.resultDetail[0]).toMatchObject({
      status: 'run',
      rate: 44,
      beginTime: '2026-11-23 10:00:06',
      finishTime: '',
    });
    expect(done.resultDetail.map((item) => [item.status, item.rate, item.finishTime])).toEqual([
      ['success', 100, '2026-11-23 10:01:00'],
      ['success', 100, '2026-11-23 10:01:00'],
    ]);
  });

  it('ends items for a URL marked with failUrl as failure', async () => {
    fx = await startWangsuFixture();
    fx.sandbox.failUrl('https://www.example.cn/broken.js');
    const itemId = await submit({
      urls: ['https://www.example.cn/broken.js', 'https://www.example.cn/ok.js'],
    });
    fx.clock.advance(60_000);

    const done = await query({ itemId });

    expect(done.resultDetail.map((item) => [item.url, item.status, item.rate])).toEqual([
      ['https://www.example.cn/broken.js', 'failure', 0],
      ['https://www.example.cn/ok.js', 'success', 100],
    ]);
  });

  it('finishes every pending item at once with finishAll', async () => {
    fx = await startWangsuFixture();
    const itemId = await submit({ urls: ['https://www.example.cn/a.png'] });

    fx.sandbox.finishAll();

    expect((await query({ itemId })).resultDetail[0]?.status).toBe('success');
  });

  it.each([
    ['both lists empty', { urls: [], dirs: [] }, 'urls and dirs cannot both be empty.'],
    [
      'a URL that is not http(s)',
      { urls: ['ftp://www.example.cn/a'] },
      /must start with http:\/\/ or https:\/\//,
    ],
    ['a URL without a scheme', { urls: ['www.example.cn/a'] }, /must start with http/],
    [
      'a URL of a domain not in the account',
      { urls: ['https://www.example.com/a'] },
      /www\.example\.com is not an accelerated domain/,
    ],
    [
      'a directory that does not end in /',
      { dirs: ['https://www.example.cn/img'] },
      /must start with http\(s\):\/\/www\.example\.cn\/ and end with "\/"/,
    ],
    [
      'dirAction delete',
      { dirs: ['https://www.example.cn/img/'], dirAction: 'delete' },
      /dirAction "delete" is disabled/,
    ],
    ['an unknown urlAction', { urls: ['https://www.example.cn/a'], urlAction: 'purge' }, /urlAction/],
    [
      'a URL longer than 2000 characters',
      { urls: [`https://www.example.cn/${'a'.repeat(2000)}`] },
      /longer than 2000/,
    ],
  ])('refuses %s with HTTP 200 Code 0, charging nothing', async (_label, body, message) => {
    fx = await startWangsuFixture();

    const response = await purge(body);

    expect(response.status).toBe(200);
    expect(response.requestId).toBeTruthy();
    expect(response.json).toEqual({ Code: 0, Message: expect.stringMatching(message) });
    expect(await quota()).toMatchObject({ urlRemain: 5000, dirRemain: 500 });
  });

  it('refuses a body that is not JSON with Code 0', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({ method: 'POST', path: '/ccm/purge/ItemIdReceiver', rawBody: 'urls=a' });

    expect(response.json).toEqual({ Code: 0, Message: 'The request body is not valid JSON.' });
  });

  it('takes at most 500 urls and dirs per call', async () => {
    fx = await startWangsuFixture();
    const urls = Array.from({ length: 400 }, (_, i) => `https://www.example.cn/${i}.js`);
    const dirs = Array.from({ length: 101 }, (_, i) => `https://www.example.cn/d${i}/`);

    const tooMany = await purge({ urls, dirs });
    const justEnough = await purge({ urls, dirs: dirs.slice(1) });

    expect(tooMany.json).toEqual({
      Code: 0,
      Message: '501 urls and dirs submitted; at most 500 per request.',
    });
    expect(justEnough.json).toMatchObject({ Code: 1 });
  });

  it('enforces the daily URL and directory limits all or nothing, resetting at Beijing midnight', async () => {
    fx = await startWangsuFixture({ quotas: { purgeUrlsPerDay: 3, purgeDirsPerDay: 1 } });
    await submit({ urls: ['https://www.example.cn/1', 'https://www.example.cn/2'] });

    const overUrls = await purge({ urls: ['https://www.example.cn/3', 'https://www.example.cn/4'] });
    const overDirs = await purge({
      urls: ['https://www.example.cn/3'],
      dirs: ['https://www.example.cn/a/', 'https://www.example.cn/b/'],
    });
    const remaining = await quota();
    fx.clock.set(Date.UTC(2026, 10, 23, 16, 0, 0)); // 2026-11-24 00:00 Beijing
    const nextDay = await quota();

    expect(overUrls.json).toEqual({
      Code: 0,
      Message: 'Daily limit exceeded: 2 URL purges submitted, 1 of 3 left today.',
    });
    expect(overDirs.json).toMatchObject({ Code: 0, Message: expect.stringContaining('directory purges') });
    expect(remaining).toMatchObject({ urlRemain: 1, dirRemain: 1 });
    expect(nextDay).toMatchObject({ urlRemain: 3, dirRemain: 1 });
  });

  it('counts down upperQuery as URLs and directories are purged', async () => {
    fx = await startWangsuFixture();
    const before = await quota();

    await submit({
      urls: ['https://www.example.cn/a', 'https://img.example.cn/b'],
      dirs: ['https://www.example.cn/x/'],
    });
    const after = await quota();

    expect(before).toEqual({
      code: 0,
      message: 'success',
      urlUpper: 5000,
      urlRemain: 5000,
      dirUpper: 500,
      dirRemain: 500,
    });
    expect(after).toMatchObject({ urlRemain: 4998, dirRemain: 499 });
  });

  it('answers upperQuery with code 1 for an unknown type', async () => {
    fx = await startWangsuFixture();

    const body = await fx.json({ path: '/ccm/upperQuery?type=tag' });

    expect(body).toEqual({ code: 1, message: 'type must be purge or fetch, got "tag".' });
  });

  describe('ItemIdQuery', () => {
    it('finds items by time window (UTC+8, both ends inclusive), newest first, with url, status and paging', async () => {
      fx = await startWangsuFixture();
      await submit({ urls: ['https://www.example.cn/old'] });
      fx.clock.advance(120_000);
      await submit({ urls: ['https://www.example.cn/new', 'https://www.example.cn/other'] });
      const window = { startTime: '2026-11-23 10:00:00', endTime: '2026-11-23 10:02:00' };

      const all = await query(window);
      const byUrl = await query({ ...window, url: 'https://www.example.cn/old' });
      const done = await query({ ...window, status: 'success' });
      const page2 = await query({ ...window, pageNo: 2, pageSize: 1 });
      const outside = await query({ startTime: '2026-11-23 10:00:01', endTime: '2026-11-23 10:01:59' });

      expect(all.resultDetail.map((item) => item.url)).toEqual([
        'https://www.example.cn/new',
        'https://www.example.cn/other',
        'https://www.example.cn/old',
      ]);
      expect(byUrl.count).toBe(1);
      expect(done.resultDetail.map((item) => item.url)).toEqual(['https://www.example.cn/old']);
      expect(page2).toMatchObject({ count: 3, pageNo: 2, pageSize: 1 });
      expect(page2.resultDetail.map((item) => item.url)).toEqual(['https://www.example.cn/other']);
      expect(outside.count).toBe(0);
    });

    it('answers an unknown itemId with no results rather than an error', async () => {
      fx = await startWangsuFixture();

      const result = await query({ itemId: 'no-such-item' });

      expect(result).toMatchObject({ count: 0, resultDetail: [] });
    });

    it.each([
      ['neither itemId nor a window', {}, 'Send itemId, or both startTime and endTime.'],
      ['only startTime', { startTime: '2026-11-23 09:00:00' }, 'Send itemId, or both startTime and endTime.'],
      [
        'a time in another format',
        { startTime: '2026-11-23T09:00:00', endTime: '2026-11-23 10:00:00' },
        /startTime must be yyyy-MM-dd HH:mm:ss/,
      ],
      [
        'endTime before startTime',
        { startTime: '2026-11-23 10:00:00', endTime: '2026-11-23 09:00:00' },
        'endTime is earlier than startTime.',
      ],
      [
        'a window starting more than 3 days ago',
        { startTime: '2026-11-20 09:59:59', endTime: '2026-11-23 10:00:00' },
        'Only tasks from the last 3 days can be queried.',
      ],
    ])('refuses %s with Code 0', async (_label, body, message) => {
      fx = await startWangsuFixture();

      const response = await fx.call({ method: 'POST', path: '/ccm/purge/ItemIdQuery', body });

      expect(response.status).toBe(200);
      expect(response.json).toEqual({ Code: 0, Message: expect.stringMatching(message) });
    });

    it('accepts a window starting exactly 3 days ago', async () => {
      fx = await startWangsuFixture();

      const result = await query({ startTime: '2026-11-20 10:00:00', endTime: '2026-11-23 10:00:00' });

      expect(result.count).toBe(0);
    });
  });
});
