import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MODEL_STATUS_CODES,
  minuteStatusCodes,
  minuteTraffic,
  trafficProfile,
} from '../../../sandbox/tencent/traffic-model.ts';
import { DEMO_WANGSU_ACCOUNT } from '../../../sandbox/wangsu/index.ts';
import { scientificCount } from '../../../sandbox/wangsu/scientific-count.ts';
import { parseChinaTime } from '../../../src/providers/china-time.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;
/** The fixture's clock: 2026-11-23 10:00 in Beijing. */
const NOW = parseChinaTime('2026-11-23 10:00:00')!;
const YESTERDAY = parseChinaTime('2026-11-22 00:00:00')!;

const FlowAnswer = z.object({
  'flow-summary': z.number(),
  'flow-data': z.array(z.object({ timestamp: z.string(), flow: z.number() })),
});
const BandwidthAnswer = z.object({
  bandwidthReport: z.array(z.object({ timestamp: z.string(), bandwidth: z.number() })),
});
const HitAnswer = z.object({
  'hit-summary': z.union([z.number(), z.string()]),
  'hit-data': z.array(z.object({ timestamp: z.string(), hit: z.union([z.number(), z.string()]) })),
});
const StatusCodeAnswer = z.object({
  result: z.array(
    z.object({
      domain: z.string().optional(),
      statusCodeData: z.array(
        z.object({
          statusCode: z.string(),
          statusCodeType: z.string(),
          totalRequest: z.union([z.number(), z.string()]),
          requestData: z.array(z.object({ timestamp: z.string(), value: z.union([z.number(), z.string()]) })),
        }),
      ),
    }),
  ),
});
const LinksAnswer = z.object({
  logs: z.array(
    z.object({
      domain: z.string(),
      files: z.array(
        z.object({ dateFrom: z.string(), dateTo: z.string(), logUrl: z.string(), fileSize: z.number() }),
      ),
    }),
  ),
});

/** `2026-11-22T00:00:00+08:00`, URL-encoded as the reference says (`+` as %2B). */
function reportTime(epochMs: number): string {
  return new Date(epochMs + 8 * HOUR).toISOString().slice(0, 19).concat('+08:00');
}

function reportPath(path: string, from: number, to: number, type?: string): string {
  const query = new URLSearchParams({ dateFrom: reportTime(from), dateTo: reportTime(to) });
  if (type) query.set('type', type);
  return `${path}?${query.toString()}`;
}

/** What the model gives the domains over [from, to), minute by minute. */
function modelSum(domains: readonly string[], from: number, to: number, field: 'flux' | 'request'): number {
  let total = 0;
  for (const domain of domains) {
    const profile = trafficProfile(domain);
    for (let minute = from; minute < to; minute += MINUTE) total += minuteTraffic(profile, minute)[field];
  }
  return total;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

describe('Wangsu sandbox request counts', () => {
  it.each([
    [1_642_565, '1.642565E6'],
    [2_000_000, '2.0E6'],
    [12_345_678_900, '1.23456789E10'],
    [999_999, 999_999],
    [0, 0],
  ])('writes %d as %s', (count, written) => {
    expect(scientificCount(count)).toBe(written);
  });
});

describe('Wangsu sandbox traffic reports (/api/report/domainflow, domainbandwidth, domainhit)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function report(path: string, from: number, to: number, type: string | undefined, domains: unknown) {
    return fx.call({
      method: 'POST',
      path: reportPath(path, from, to, type),
      body: { 'domain-list': { 'domain-name': domains } },
    });
  }

  it('adds up the listed domains’ traffic in MB per 5 minutes, stamped with each bucket’s end (00:05 … 24:00)', async () => {
    fx = await startWangsuFixture();
    const domains = ['www.example.cn', 'cdn.example.cn'];

    const response = await report(
      '/api/report/domainflow',
      YESTERDAY,
      YESTERDAY + DAY - 1000,
      'fiveminutes',
      domains,
    );

    expect(response.status).toBe(200);
    const answer = FlowAnswer.parse(response.json);
    const data = answer['flow-data'];
    expect(data).toHaveLength(288);
    expect(data[0]!.timestamp).toBe('2026-11-22 00:05');
    expect(data[1]!.timestamp).toBe('2026-11-22 00:10');
    expect(data.at(-1)!.timestamp).toBe('2026-11-22 24:00');
    // 09:00–09:05 is the bucket stamped 09:05.
    const nine = YESTERDAY + 9 * HOUR;
    expect(data.find((point) => point.timestamp === '2026-11-22 09:05')!.flow).toBe(
      round2(modelSum(domains, nine, nine + 5 * MINUTE, 'flux') / MB),
    );
    expect(answer['flow-summary']).toBe(round2(modelSum(domains, YESTERDAY, YESTERDAY + DAY, 'flux') / MB));
  });

  it('stamps hourly buckets yyyy-MM-dd HH from 01 to 24, and daily ones with the day itself', async () => {
    fx = await startWangsuFixture();

    const hourly = FlowAnswer.parse(
      (
        await report('/api/report/domainflow', YESTERDAY, YESTERDAY + DAY - 1000, 'hourly', [
          'www.example.cn',
        ])
      ).json,
    );
    const daily = FlowAnswer.parse(
      (
        await report('/api/report/domainflow', YESTERDAY - 2 * DAY, YESTERDAY + DAY - 1000, 'daily', [
          'www.example.cn',
        ])
      ).json,
    );

    expect(hourly['flow-data'].map((point) => point.timestamp)).toEqual(
      Array.from({ length: 24 }, (_, hour) => `2026-11-22 ${String(hour + 1).padStart(2, '0')}`),
    );
    expect(daily['flow-data'].map((point) => point.timestamp)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(daily['flow-data'][2]!.flow).toBe(
      round2(modelSum(['www.example.cn'], YESTERDAY, YESTERDAY + DAY, 'flux') / MB),
    );
  });

  it('defaults to daily data when type is left out', async () => {
    fx = await startWangsuFixture();

    const answer = FlowAnswer.parse(
      (
        await report('/api/report/domainflow', YESTERDAY, YESTERDAY + DAY - 1000, undefined, [
          'www.example.cn',
        ])
      ).json,
    );

    expect(answer['flow-data'].map((point) => point.timestamp)).toEqual(['2026-11-22']);
  });

  it('answers bandwidth in Mbps with 4 decimals: a 5-minute bucket is that interval’s average', async () => {
    fx = await startWangsuFixture();
    const domains = ['cdn.example.cn', 'img.example.cn'];

    const answer = BandwidthAnswer.parse(
      (await report('/api/report/domainbandwidth', YESTERDAY, YESTERDAY + DAY - 1000, 'fiveminutes', domains))
        .json,
    );

    const nine = YESTERDAY + 9 * HOUR;
    const bytes = modelSum(domains, nine, nine + 5 * MINUTE, 'flux');
    expect(answer.bandwidthReport).toHaveLength(288);
    expect(answer.bandwidthReport.find((point) => point.timestamp === '2026-11-22 09:05')!.bandwidth).toBe(
      Math.round(Math.round((bytes * 8) / 300) / 100) / 10_000,
    );
  });

  it('writes request counts of a million or more in scientific notation, every digit kept', async () => {
    fx = await startWangsuFixture();
    const domains = DEMO_WANGSU_ACCOUNT.domains.map((domain) => domain.domain);

    const answer = HitAnswer.parse(
      (await report('/api/report/domainhit', YESTERDAY - 6 * DAY, YESTERDAY + DAY - 1000, 'daily', domains))
        .json,
    );

    const total = modelSum(domains, YESTERDAY - 6 * DAY, YESTERDAY + DAY, 'request');
    expect(total).toBeGreaterThan(1_000_000);
    expect(answer['hit-summary']).toMatch(/^\d\.\d+E\d+$/);
    expect(Number(answer['hit-summary'])).toBe(total);
    expect(answer['hit-data'].map((point) => Number(point.hit)).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('clamps a dateTo past now to now: the last bucket is the one in progress', async () => {
    fx = await startWangsuFixture();

    const answer = FlowAnswer.parse(
      (await report('/api/report/domainflow', NOW - HOUR, NOW + DAY, 'fiveminutes', ['www.example.cn'])).json,
    );

    expect(answer['flow-data'].map((point) => point.timestamp).at(-1)).toBe('2026-11-23 10:05');
    expect(answer['flow-data']).toHaveLength(13);
    expect(answer['flow-data'].at(-1)!.flow).toBe(0);
  });

  it.each([
    [
      'more than 31 days',
      YESTERDAY - 31 * DAY,
      YESTERDAY + DAY - 1000,
      'fiveminutes',
      'spans at most 31 days',
    ],
    ['older than 2 years', NOW - 731 * DAY, NOW - 730 * DAY, 'daily', 'covers the last 730 days only'],
    ['a dateTo before dateFrom', YESTERDAY, YESTERDAY - 1000, 'daily', 'is earlier than dateFrom'],
    [
      'an unknown type',
      YESTERDAY,
      YESTERDAY + DAY - 1000,
      'minutely',
      'type must be fiveminutes, hourly or daily',
    ],
  ])('refuses %s with 400 InvalidParameter', async (_case, from, to, type, message) => {
    fx = await startWangsuFixture();

    const response = await report('/api/report/domainflow', from, to, type, ['www.example.cn']);

    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringContaining(message) });
  });

  it.each([
    ['no domain', [], 'must name at least one domain'],
    ['a domain of another account', ['www.other.cn'], 'www.other.cn does not belong to this account'],
    [
      '21 domains',
      Array.from({ length: 21 }, (_, i) => `d${i}.example.cn`),
      'names 21 domains; at most 20 per request',
    ],
  ])('refuses a domain list with %s with 400 InvalidParameter', async (_case, domains, message) => {
    fx = await startWangsuFixture();

    const response = await report(
      '/api/report/domainhit',
      YESTERDAY,
      YESTERDAY + DAY - 1000,
      'hourly',
      domains,
    );

    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringContaining(message) });
  });

  it('refuses a + left unencoded in the query, saying to write %2B', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({
      method: 'POST',
      path: '/api/report/domainflow?dateFrom=2026-11-22T00:00:00+08:00&dateTo=2026-11-22T23:59:59+08:00',
      body: { 'domain-list': { 'domain-name': ['www.example.cn'] } },
    });

    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'InvalidParameter',
      message: expect.stringContaining('Encode the + of +08:00 as %2B'),
    });
  });

  it('counts report calls against the account’s budget like every other call', async () => {
    fx = await startWangsuFixture({ budget: { limit: 2, windowMs: 60_000 } });

    const statuses = [];
    for (const path of ['/api/report/domainflow', '/api/report/domainbandwidth', '/api/report/domainhit']) {
      statuses.push(
        (await report(path, YESTERDAY, YESTERDAY + DAY - 1000, 'daily', ['www.example.cn'])).status,
      );
    }

    expect(statuses).toEqual([200, 200, 446]);
  });

  it('answers Basic-authenticated report calls too, and refuses unsigned ones', async () => {
    fx = await startWangsuFixture();
    const path = reportPath('/api/report/domainflow', YESTERDAY, YESTERDAY + DAY - 1000, 'daily');
    const body = { 'domain-list': { 'domain-name': ['www.example.cn'] } };

    const basic = await fx.call({ method: 'POST', path, body, scheme: 'basic' });
    const unsigned = await fx.call({ method: 'POST', path, body, headers: { Authorization: null } });

    expect(basic.status).toBe(200);
    expect(unsigned.status).toBe(401);
  });
});

describe('Wangsu sandbox status-code report (/api/report/status-code)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function statusCodes(body: Record<string, unknown>) {
    return fx.call({ method: 'POST', path: '/api/report/status-code', body });
  }

  it('gives each domain its own codes with groupBy domain, totals and 5-minute points that match the model', async () => {
    fx = await startWangsuFixture();
    const from = YESTERDAY + 9 * HOUR;

    const response = await statusCodes({
      dateFrom: reportTime(from),
      dateTo: reportTime(from + HOUR - 1000),
      domain: ['www.example.cn', 'cdn.example.cn'],
      dataInterval: '5m',
      groupBy: 'domain',
      dataPadding: true,
      queryBy: 'statusCode',
    });

    expect(response.status).toBe(200);
    const { result } = StatusCodeAnswer.parse(response.json);
    expect(result.map((entry) => entry.domain)).toEqual(['www.example.cn', 'cdn.example.cn']);
    for (const entry of result) {
      const profile = trafficProfile(entry.domain!);
      const expected = new Map<string, number>();
      for (let minute = from; minute < from + HOUR; minute += MINUTE) {
        const counts = minuteStatusCodes(profile, minute, minuteTraffic(profile, minute).request);
        counts.forEach((count, i) => {
          const code = MODEL_STATUS_CODES[i]!;
          expected.set(code, (expected.get(code) ?? 0) + count);
        });
      }
      const occurred = [...expected]
        .filter(([, total]) => total > 0)
        .sort((a, b) => a[0].localeCompare(b[0]));
      expect(entry.statusCodeData.map((code) => [code.statusCode, Number(code.totalRequest)])).toEqual(
        occurred,
      );
      const ok = entry.statusCodeData.find((code) => code.statusCode === '200')!;
      expect(ok.statusCodeType).toBe('2xx');
      expect(ok.requestData.map((point) => point.timestamp)).toEqual(
        Array.from(
          { length: 12 },
          (_, i) => `2026-11-22 ${i === 11 ? '10:00' : `09:${String((i + 1) * 5).padStart(2, '0')}`}`,
        ),
      );
    }
  });

  it('adds the domains up into one entry without groupBy, and by class with queryBy statusCodeType', async () => {
    fx = await startWangsuFixture();

    const response = await statusCodes({
      dateFrom: reportTime(YESTERDAY),
      dateTo: reportTime(YESTERDAY + DAY - 1000),
      domain: ['www.example.cn', 'cdn.example.cn'],
      queryBy: 'statusCodeType',
    });

    const { result } = StatusCodeAnswer.parse(response.json);
    expect(result).toHaveLength(1);
    expect(result[0]!.domain).toBeUndefined();
    expect(result[0]!.statusCodeData.map((code) => code.statusCode)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    const total = result[0]!.statusCodeData.reduce((sum, code) => sum + Number(code.totalRequest), 0);
    expect(total).toBe(modelSum(['www.example.cn', 'cdn.example.cn'], YESTERDAY, YESTERDAY + DAY, 'request'));
  });

  it.each([
    ['more than 7 days', NOW - 8 * DAY, NOW - 1000, 'spans at most 7 days'],
    ['a start older than 183 days', NOW - 184 * DAY, NOW - 183 * DAY, 'covers the last 183 days only'],
  ])('refuses %s with 400 InvalidParameter', async (_case, from, to, message) => {
    fx = await startWangsuFixture();

    const response = await statusCodes({
      dateFrom: reportTime(from),
      dateTo: reportTime(to),
      groupBy: 'domain',
    });

    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringContaining(message) });
  });
});

const HitRatioAnswer = z.object({
  code: z.string(),
  message: z.string(),
  data: z.array(
    z.object({
      realDate: z.string(),
      totalAvg: z.number(),
      hitRatioDatas: z.array(z.object({ timestamp: z.string(), hitRatio: z.string() })),
    }),
  ),
});

describe('Wangsu sandbox request hit ratio (/api/report/request/hit-ratio/total)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function hitRatio(body: Record<string, unknown>) {
    return fx.call({ method: 'POST', path: '/api/report/request/hit-ratio/total', body });
  }

  /** The model's request hit ratio of the domains over [from, to), in percent. */
  function modelRatio(domains: readonly string[], from: number, to: number): number {
    let hits = 0;
    let requests = 0;
    for (const domain of domains) {
      const profile = trafficProfile(domain);
      for (let minute = from; minute < to; minute += MINUTE) {
        const traffic = minuteTraffic(profile, minute);
        hits += traffic.hitRequest;
        requests += traffic.request;
      }
    }
    return (hits / requests) * 100;
  }

  it('gives the listed domains’ ratio together per 5 minutes, in percent with 4 decimals, stamped with each bucket’s end', async () => {
    fx = await startWangsuFixture();
    const from = YESTERDAY + 9 * HOUR;
    const domains = ['www.example.cn', 'cdn.example.cn'];

    const one = await hitRatio({
      dateFrom: reportTime(from),
      dateTo: reportTime(from + 15 * MINUTE - 1000),
      domain: domains.slice(1),
      dataInterval: '5m',
    });
    const both = await hitRatio({
      dateFrom: reportTime(from),
      dateTo: reportTime(from + 15 * MINUTE - 1000),
      domain: domains,
      dataInterval: '5m',
    });

    const [single] = HitRatioAnswer.parse(one.json).data;
    expect(single!.hitRatioDatas.map((point) => point.timestamp)).toEqual([
      '2026-11-22 09:05',
      '2026-11-22 09:10',
      '2026-11-22 09:15',
    ]);
    single!.hitRatioDatas.forEach((point, i) => {
      expect(point.hitRatio).toMatch(/^\d{1,3}\.\d{4}$/);
      const start = from + i * 5 * MINUTE;
      expect(Number(point.hitRatio)).toBeCloseTo(
        modelRatio(['cdn.example.cn'], start, start + 5 * MINUTE),
        4,
      );
    });
    const [added] = HitRatioAnswer.parse(both.json).data;
    expect(Number(added!.hitRatioDatas[0]!.hitRatio)).toBeCloseTo(
      modelRatio(domains, from, from + 5 * MINUTE),
      4,
    );
  });

  it('answers 0.0000 for a bucket without requests yet, defaults to daily data and refuses an unknown interval', async () => {
    fx = await startWangsuFixture();

    const inProgress = await hitRatio({
      dateFrom: reportTime(NOW - 5 * MINUTE),
      dateTo: reportTime(NOW + 5 * MINUTE),
      domain: ['cdn.example.cn'],
      dataInterval: '5m',
    });
    const daily = await hitRatio({
      dateFrom: reportTime(YESTERDAY),
      dateTo: reportTime(YESTERDAY + DAY - 1000),
      domain: ['cdn.example.cn'],
    });
    const wrong = await hitRatio({
      dateFrom: reportTime(YESTERDAY),
      dateTo: reportTime(YESTERDAY + HOUR),
      domain: ['cdn.example.cn'],
      dataInterval: '10m',
    });

    expect(HitRatioAnswer.parse(inProgress.json).data[0]!.hitRatioDatas.at(-1)).toEqual({
      timestamp: '2026-11-23 10:05',
      hitRatio: '0.0000',
    });
    expect(HitRatioAnswer.parse(daily.json).data[0]!.hitRatioDatas.map((point) => point.timestamp)).toEqual([
      '2026-11-22',
    ]);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining('dataInterval'),
    });
  });
});

describe('Wangsu sandbox log download links (/api/report/log/downloadLink)', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function links(body: Record<string, unknown>) {
    const response = await fx.call({ method: 'POST', path: '/api/report/log/downloadLink', body });
    expect(response.status).toBe(200);
    return LinksAnswer.parse(response.json).logs;
  }

  it('lists a domain’s hourly files of a day with their span, size and a link that serves the gzip', async () => {
    fx = await startWangsuFixture();

    const logs = await links({
      datefrom: reportTime(YESTERDAY),
      dateto: reportTime(YESTERDAY + DAY - 1000),
      'domain-list': { 'domain-name': ['cdn.example.cn'] },
      logType: 'cdn',
    });

    expect(logs.map((entry) => entry.domain)).toEqual(['cdn.example.cn']);
    const files = logs[0]!.files;
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.length).toBeLessThanOrEqual(24);
    expect(files.at(-1)).toMatchObject({ dateFrom: '2026-11-22-2300', dateTo: '2026-11-23-0000' });
    const nine = files.find((file) => file.dateFrom === '2026-11-22-0900')!;
    expect(nine.dateTo).toBe('2026-11-22-1000');
    expect(nine.logUrl).toMatch(/\/logs\/cdn\.example\.cn_2026112209\.log\.gz\?expires=\d+$/);

    const download = await fetch(nine.logUrl);
    const body = Buffer.from(await download.arrayBuffer());
    expect(download.status).toBe(200);
    expect(body.length).toBe(nine.fileSize);
    const lines = gunzipSync(body).toString('utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(
      /^198\.51\.100\.\d+ - - \[22\/Nov\/2026:09:\d\d:\d\d \+0800\] "GET https:\/\/cdn\.example\.cn\/\S* HTTP\/1\.1" \d{3} \d+ /,
    );
  });

  it('refuses an expired link with 403 and an unknown file with 404', async () => {
    fx = await startWangsuFixture();
    const logs = await links({
      datefrom: reportTime(YESTERDAY + 9 * HOUR),
      dateto: reportTime(YESTERDAY + 10 * HOUR - 1000),
      'domain-list': { 'domain-name': ['www.example.cn'] },
    });
    const url = logs[0]!.files[0]!.logUrl;

    fx.clock.advance(DAY + 1000);
    const expired = await fetch(url);
    const unknown = await fetch(`${fx.sandbox.url}/logs/www.example.cn_2025010109.log.gz?expires=9999999999`);

    expect(expired.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('lists no files for bot logs alone, and refuses an unknown logType', async () => {
    fx = await startWangsuFixture();
    const body = {
      datefrom: reportTime(YESTERDAY),
      dateto: reportTime(YESTERDAY + DAY - 1000),
      'domain-list': { 'domain-name': ['www.example.cn'] },
    };

    const bot = await links({ ...body, logType: 'bot' });
    const unknown = await fx.call({
      method: 'POST',
      path: '/api/report/log/downloadLink',
      body: { ...body, logType: 'cdn,waf' },
    });

    expect(bot[0]!.files).toEqual([]);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ code: 'InvalidParameter', message: expect.stringContaining('not waf') });
  });
});
