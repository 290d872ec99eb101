import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatBeijingTime, parseBeijingTime } from '../../../sandbox/tencent/beijing-time.ts';
import { DEMO_TENCENT_ACCOUNT } from '../../../sandbox/tencent/index.ts';
import {
  type MinuteTraffic,
  MODEL_STATUS_CODES,
  minuteStatusCodes,
  minuteTraffic,
  trafficProfile,
} from '../../../sandbox/tencent/traffic-model.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The fixture's clock: 2026-11-23 10:00 in Beijing. Yesterday is complete. */
const YESTERDAY = { StartTime: '2026-11-22 00:00:00', EndTime: '2026-11-22 23:59:59' };

const CdnDataAnswer = z.object({
  Interval: z.string(),
  Data: z.array(
    z.object({
      Resource: z.string(),
      CdnData: z.array(
        z.object({
          Metric: z.string(),
          DetailData: z.array(z.object({ Time: z.string(), Value: z.number() })),
          SummarizedData: z.object({ Name: z.string(), Value: z.number() }),
        }),
      ),
    }),
  ),
});
type CdnDataAnswer = z.infer<typeof CdnDataAnswer>;

const TopAnswer = z.object({
  Data: z.array(
    z.object({
      Resource: z.string(),
      DetailData: z.array(z.object({ Name: z.string(), Value: z.number() })),
    }),
  ),
});

function at(text: string): number {
  return parseBeijingTime(text)!;
}

/** The model summed over the minutes of [from, to) for some domains. */
function modelSum(
  domains: string[],
  from: number,
  to: number,
  pick: (traffic: MinuteTraffic) => number,
): number {
  let total = 0;
  for (const domain of domains) {
    const profile = trafficProfile(domain);
    for (let minute = from; minute < to; minute += MINUTE) total += pick(minuteTraffic(profile, minute));
  }
  return total;
}

/** Requests with this status code according to the model. */
function modelCodeSum(domain: string, code: string, from: number, to: number): number {
  const profile = trafficProfile(domain);
  const index = MODEL_STATUS_CODES.indexOf(code);
  let total = 0;
  for (let minute = from; minute < to; minute += MINUTE) {
    total += minuteStatusCodes(profile, minute, minuteTraffic(profile, minute).request)[index] ?? 0;
  }
  return total;
}

function values(answer: CdnDataAnswer, resource = 0, metric = 0): number[] {
  return answer.Data[resource]!.CdnData[metric]!.DetailData.map((point) => point.Value);
}

describe('Tencent sandbox DescribeCdnData', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function cdnData(params: Record<string, unknown>): Promise<CdnDataAnswer> {
    const response = await fx.call({ action: 'DescribeCdnData', params });
    expect(response.Error).toBeUndefined();
    return CdnDataAnswer.parse(response);
  }

  it.each<[string, Record<string, unknown>, string]>([
    [
      'EndTime before StartTime',
      { StartTime: '2026-11-22 10:00:00', EndTime: '2026-11-22 09:59:59' },
      'InvalidParameter.CdnStatInvalidDate',
    ],
    [
      'a range over 90 days',
      { StartTime: '2026-08-24 00:00:00', EndTime: '2026-11-22 00:00:01', Interval: 'day' },
      'InvalidParameter.CdnStatInvalidDate',
    ],
    [
      'a time that is not YYYY-MM-DD HH:mm:ss',
      { StartTime: '2026-11-22T00:00:00Z' },
      'InvalidParameter.CdnStatInvalidDate',
    ],
    ['an unknown metric', { Metric: 'visitors' }, 'InvalidParameter.CdnInvalidParamMetric'],
    ['an ecdn-only metric', { Metric: 'fluxIn' }, 'InvalidParameter.CdnInvalidParamMetric'],
    ['an unknown interval', { Interval: 'week' }, 'InvalidParameter.CdnInvalidParamInterval'],
    [
      'min over more than 24 hours',
      { StartTime: '2026-11-21 00:00:00', EndTime: '2026-11-22 00:00:01', Interval: 'min' },
      'InvalidParameter.CdnInvalidParamInterval',
    ],
    [
      'min for overseas data',
      { Interval: 'min', Area: 'overseas' },
      'InvalidParameter.CdnInvalidParamInterval',
    ],
    [
      '5min over more than 31 days',
      { StartTime: '2026-10-22 00:00:00', EndTime: '2026-11-22 00:00:01', Interval: '5min' },
      'InvalidParameter.CdnInvalidParamInterval',
    ],
    [
      'hour over more than 31 days',
      { StartTime: '2026-10-22 00:00:00', EndTime: '2026-11-22 00:00:01', Interval: 'hour' },
      'InvalidParameter.CdnInvalidParamInterval',
    ],
    [
      'more than 30 domains',
      { Domains: Array.from({ length: 31 }, (_, i) => `d${i}.example.com`) },
      'InvalidParameter.CdnStatTooManyDomains',
    ],
    ['a domain of another account', { Domains: ['other.example.org'] }, 'ResourceNotFound.CdnHostNotExists'],
    [
      'Detail with a status code metric',
      { Metric: 'statusCode', Detail: true, Domains: ['www.example.com'] },
      'InvalidParameter.CdnStatInvalidMetric',
    ],
    ['a parameter the action does not define', { Hosts: ['www.example.com'] }, 'UnknownParameter'],
  ])('refuses %s', async (_case, overrides, code) => {
    const response = await fx.call({
      action: 'DescribeCdnData',
      params: { ...YESTERDAY, Metric: 'flux', ...overrides },
    });

    expect(response.Error?.Code).toBe(code);
  });

  it('refuses a request without Metric as a missing parameter', async () => {
    const response = await fx.call({ action: 'DescribeCdnData', params: YESTERDAY });

    expect(response.Error?.Code).toBe('MissingParameter');
  });

  it('answers a day of hourly requests for one domain, each point the model summed over its hour', async () => {
    const answer = await cdnData({
      ...YESTERDAY,
      Metric: 'request',
      Interval: 'hour',
      Domains: ['www.example.com'],
    });

    const dayStart = at('2026-11-22 00:00:00');
    const expected = Array.from({ length: 24 }, (_, hour) =>
      modelSum(['www.example.com'], dayStart + hour * HOUR, dayStart + (hour + 1) * HOUR, (t) => t.request),
    );
    expect(answer.Interval).toBe('hour');
    expect(answer.Data).toHaveLength(1);
    expect(answer.Data[0]!.Resource).toBe('www.example.com');
    expect(answer.Data[0]!.CdnData[0]!.Metric).toBe('request');
    expect(answer.Data[0]!.CdnData[0]!.DetailData.map((point) => point.Time)).toEqual(
      Array.from({ length: 24 }, (_, hour) => `2026-11-22 ${String(hour).padStart(2, '0')}:00:00`),
    );
    expect(values(answer)).toEqual(expected);
    expect(answer.Data[0]!.CdnData[0]!.SummarizedData).toEqual({
      Name: 'sum',
      Value: expected.reduce((a, b) => a + b, 0),
    });
  });

  it('rounds both ends down to the interval and includes both points, each covering the interval after it', async () => {
    const answer = await cdnData({
      StartTime: '2026-11-22 13:37:12',
      EndTime: '2026-11-22 13:52:00',
      Metric: 'flux',
      Interval: '5min',
      Domains: ['img.example.com'],
    });

    const times = ['13:35', '13:40', '13:45', '13:50'].map((time) => `2026-11-22 ${time}:00`);
    expect(answer.Data[0]!.CdnData[0]!.DetailData.map((point) => point.Time)).toEqual(times);
    expect(values(answer)).toEqual(
      times.map((time) => modelSum(['img.example.com'], at(time), at(time) + 5 * MINUTE, (t) => t.flux)),
    );
  });

  it('agrees with itself across intervals: a day equals its hours, and its 5-minute points', async () => {
    const params = { ...YESTERDAY, Metric: 'flux', Domains: ['static.example.com'] };

    const day = await cdnData({ ...params, Interval: 'day' });
    const hours = await cdnData({ ...params, Interval: 'hour' });
    const fiveMinutes = await cdnData({ ...params, Interval: '5min' });

    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    expect(values(day)).toHaveLength(1);
    expect(values(fiveMinutes)).toHaveLength(288);
    expect(sum(values(hours))).toBe(values(day)[0]);
    expect(sum(values(fiveMinutes))).toBe(values(day)[0]);
  });

  it('answers the same figures every time for the same question', async () => {
    const params = { ...YESTERDAY, Metric: 'bandwidth', Interval: '5min', Domains: ['video.example.com'] };

    const first = await cdnData(params);
    const second = await cdnData(params);

    expect(second).toEqual(first);
  });

  it.each(['www.example.com', 'img.example.com', 'video.example.com', 'docs.example.com'])(
    'puts the busiest hour of %s at 21:00–22:00 UTC+8',
    async (domain) => {
      const answer = await cdnData({ ...YESTERDAY, Metric: 'request', Interval: 'hour', Domains: [domain] });

      const hourly = values(answer);
      expect(hourly.indexOf(Math.max(...hourly))).toBe(21);
      expect(Math.min(...hourly)).toBeLessThan(Math.max(...hourly) / 3);
    },
  );

  it('reports bandwidth in bps as the peak 5-minute rate of each hour, summarised as the max', async () => {
    const answer = await cdnData({
      ...YESTERDAY,
      Metric: 'bandwidth',
      Interval: 'hour',
      Domains: ['www.example.com'],
    });

    const dayStart = at('2026-11-22 00:00:00');
    const expected = Array.from({ length: 24 }, (_, hour) =>
      Math.max(
        ...Array.from({ length: 12 }, (_, window) => {
          const start = dayStart + hour * HOUR + window * 5 * MINUTE;
          return Math.round(
            (modelSum(['www.example.com'], start, start + 5 * MINUTE, (t) => t.flux) * 8) / 300,
          );
        }),
      ),
    );
    expect(values(answer)).toEqual(expected);
    expect(answer.Data[0]!.CdnData[0]!.SummarizedData).toEqual({ Name: 'max', Value: Math.max(...expected) });
  });

  it('reports hit rates in percent, summarised as hits over the whole range', async () => {
    const answer = await cdnData({
      ...YESTERDAY,
      Metric: 'requestHitRate',
      Interval: 'day',
      Domains: ['www.example.com'],
    });

    const from = at(YESTERDAY.StartTime);
    const hits = modelSum(['www.example.com'], from, from + DAY, (t) => t.hitRequest);
    const requests = modelSum(['www.example.com'], from, from + DAY, (t) => t.request);
    const rate = Math.round((10_000 * hits) / requests) / 100;
    expect(values(answer)).toEqual([rate]);
    expect(answer.Data[0]!.CdnData[0]!.SummarizedData).toEqual({ Name: 'avg', Value: rate });
    expect(rate).toBeGreaterThan(80);
    expect(rate).toBeLessThan(100);
  });

  it('answers one ResourceData per domain, in the order asked, with Detail', async () => {
    const answer = await cdnData({
      ...YESTERDAY,
      Metric: 'request',
      Interval: 'day',
      Domains: ['img.example.com', 'WWW.example.com'],
      Detail: true,
    });

    const from = at(YESTERDAY.StartTime);
    expect(answer.Data.map((data) => data.Resource)).toEqual(['img.example.com', 'www.example.com']);
    expect(values(answer, 0)).toEqual([modelSum(['img.example.com'], from, from + DAY, (t) => t.request)]);
    expect(values(answer, 1)).toEqual([modelSum(['www.example.com'], from, from + DAY, (t) => t.request)]);
  });

  it('sums several domains into multiDomains without Detail, and the whole account into all', async () => {
    const two = await cdnData({
      ...YESTERDAY,
      Metric: 'request',
      Interval: 'day',
      Domains: ['img.example.com', 'www.example.com'],
    });
    const account = await cdnData({ ...YESTERDAY, Metric: 'request', Interval: 'day' });

    const from = at(YESTERDAY.StartTime);
    const servedIn = (area: string) =>
      DEMO_TENCENT_ACCOUNT.domains
        .filter((domain) => (domain.area ?? 'mainland') === area)
        .map((domain) => domain.domain);
    expect(two.Data.map((data) => data.Resource)).toEqual(['multiDomains']);
    expect(values(two)).toEqual([
      modelSum(['img.example.com', 'www.example.com'], from, from + DAY, (t) => t.request),
    ]);
    expect(account.Data.map((data) => data.Resource)).toEqual(['all']);
    // Area defaults to mainland: mainland domains whole, global ones their mainland part, overseas ones nothing.
    expect(values(account)).toEqual([
      modelSum(servedIn('mainland'), from, from + DAY, (t) => t.request) +
        modelSum(servedIn('global'), from, from + DAY, (t) => Math.floor(t.request * 0.7)),
    ]);
    const overseas = await cdnData({ ...YESTERDAY, Metric: 'request', Interval: 'day', Area: 'overseas' });
    expect(values(overseas)).toEqual([
      modelSum(servedIn('overseas'), from, from + DAY, (t) => t.request) +
        modelSum(servedIn('global'), from, from + DAY, (t) => t.request - Math.floor(t.request * 0.7)),
    ]);
  });

  it('answers statusCode with the four class totals, which add up to the requests', async () => {
    const params = { ...YESTERDAY, Interval: 'day', Domains: ['img.example.com'] };

    const codes = await cdnData({ ...params, Metric: 'statusCode' });
    const requests = await cdnData({ ...params, Metric: 'request' });

    const entries = codes.Data[0]!.CdnData;
    expect(entries.map((entry) => entry.Metric)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    expect(entries.reduce((sum, entry) => sum + entry.SummarizedData.Value, 0)).toBe(values(requests)[0]);
    expect(entries.every((entry) => entry.SummarizedData.Value > 0)).toBe(true);
  });

  it('answers 4xx with the class total followed by each 4xx code, and a single code alone', async () => {
    const params = { ...YESTERDAY, Interval: 'hour', Domains: ['www.example.com'] };

    const fourxx = await cdnData({ ...params, Metric: '4xx' });
    const notFound = await cdnData({ ...params, Metric: '404' });
    const teapot = await cdnData({ ...params, Metric: '418' });

    const from = at(YESTERDAY.StartTime);
    const entries = fourxx.Data[0]!.CdnData;
    expect(entries.map((entry) => entry.Metric)).toEqual(['4xx', '400', '403', '404', '416']);
    expect(entries[0]!.SummarizedData.Value).toBe(
      entries.slice(1).reduce((sum, entry) => sum + entry.SummarizedData.Value, 0),
    );
    expect(notFound.Data[0]!.CdnData.map((entry) => entry.Metric)).toEqual(['404']);
    expect(notFound.Data[0]!.CdnData[0]!.SummarizedData.Value).toBe(
      modelCodeSum('www.example.com', '404', from, from + DAY),
    );
    expect(notFound.Data[0]!.CdnData[0]).toEqual(entries[3]);
    expect(teapot.Data[0]!.CdnData[0]!.SummarizedData).toEqual({ Name: 'sum', Value: 0 });
  });

  it('answers 0 for the minutes that have not ended yet', async () => {
    fx.clock.set(at('2026-11-23 10:02:30'));

    const answer = await cdnData({
      StartTime: '2026-11-23 09:58:00',
      EndTime: '2026-11-23 10:05:00',
      Metric: 'request',
      Interval: 'min',
      Domains: ['www.example.com'],
    });

    const points = values(answer);
    expect(points).toHaveLength(8);
    expect(points.slice(0, 4).every((value) => value > 0)).toBe(true);
    expect(points.slice(4)).toEqual([0, 0, 0, 0]);
  });

  it('accepts min for exactly one day, and picks an interval from the range when none is given', async () => {
    const minutes = await cdnData({
      ...YESTERDAY,
      Metric: 'flux',
      Interval: 'min',
      Domains: ['www.example.com'],
    });
    const oneDay = await cdnData({ ...YESTERDAY, Metric: 'flux' });
    const week = await cdnData({
      StartTime: '2026-11-16 00:00:00',
      EndTime: YESTERDAY.EndTime,
      Metric: 'flux',
    });
    const quarter = await cdnData({
      StartTime: '2026-09-01 00:00:00',
      EndTime: YESTERDAY.EndTime,
      Metric: 'flux',
    });

    expect(values(minutes)).toHaveLength(1440);
    expect([oneDay.Interval, week.Interval, quarter.Interval]).toEqual(['5min', 'hour', 'day']);
    expect(quarter.Data[0]!.CdnData[0]!.DetailData[0]!.Time).toBe('2026-09-01 00:00:00');
    expect(formatBeijingTime(at(quarter.Data[0]!.CdnData[0]!.DetailData.at(-1)!.Time))).toBe(
      '2026-11-22 00:00:00',
    );
  });
});

describe('Tencent sandbox ListTopData', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function top(params: Record<string, unknown>) {
    const response = await fx.call({ action: 'ListTopData', params: { Metric: 'url', ...params } });
    expect(response.Error).toBeUndefined();
    return TopAnswer.parse(response).Data;
  }

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a StartTime older than 90 days',
      { StartTime: '2026-08-24 23:59:59' },
      'InvalidParameter.CdnStatInvalidDate',
    ],
    ['EndTime before StartTime', { EndTime: '2026-11-21 23:59:59' }, 'InvalidParameter.CdnStatInvalidDate'],
    ['a metric the sandbox does not model', { Metric: 'district' }, 'UnsupportedOperation'],
    ['an unknown metric', { Metric: 'referer' }, 'InvalidParameter.CdnInvalidParamMetric'],
    ['a filter url does not take', { Filter: 'bandwidth' }, 'InvalidParameter.CdnStatInvalidFilter'],
    ['a Limit over 1000', { Limit: 1001 }, 'InvalidParameterValue'],
    [
      'more than 30 domains',
      { Domains: Array.from({ length: 31 }, (_, i) => `d${i}.example.com`) },
      'InvalidParameter.CdnStatTooManyDomains',
    ],
    ['a domain of another account', { Domains: ['other.example.org'] }, 'ResourceNotFound.CdnHostNotExists'],
  ])('refuses %s', async (_case, overrides, code) => {
    const response = await fx.call({
      action: 'ListTopData',
      params: { ...YESTERDAY, Metric: 'url', Filter: 'request', Domains: ['www.example.com'], ...overrides },
    });

    expect(response.Error?.Code).toBe(code);
  });

  it('ranks a domain’s URLs by requests, most first, 100 by default', async () => {
    const data = await top({ ...YESTERDAY, Filter: 'request', Domains: ['www.example.com'] });

    const entries = data[0]!.DetailData;
    expect(data.map((resource) => resource.Resource)).toEqual(['www.example.com']);
    expect(entries).toHaveLength(100);
    expect(entries.every((entry) => entry.Name.startsWith('www.example.com/'))).toBe(true);
    expect(entries.map((entry) => entry.Value)).toEqual(
      [...entries.map((entry) => entry.Value)].sort((a, b) => b - a),
    );
    expect(new Set(entries.map((entry) => entry.Name)).size).toBe(100);
  });

  it('counts what the moving clock adds to today, though the same question was answered before', async () => {
    const today = { StartTime: '2026-11-23 00:00:00', EndTime: '2026-11-23 23:59:59' };
    const ask = async () =>
      (await top({ ...today, Filter: 'request', Domains: ['www.example.com'] }))[0]!.DetailData[0]!.Value;
    const atTen = await ask();
    expect(await ask()).toBe(atTen);

    fx.clock.advance(HOUR);

    expect(await ask()).toBeGreaterThan(atTen);
  });

  it('ranks what the area asked served: nothing of an overseas domain in the mainland, a global one in parts', async () => {
    const requests = async (domain: string, area?: string) =>
      (
        await top({
          ...YESTERDAY,
          Filter: 'request',
          Domains: [domain],
          Limit: 1000,
          ...(area ? { Area: area } : {}),
        })
      )[0]!.DetailData.reduce((sum, entry) => sum + entry.Value, 0);

    expect(await requests('global.example.net')).toBe(0);
    expect(await requests('global.example.net', 'overseas')).toBeGreaterThan(0);
    const [mainland, overseas] = [
      await requests('static.example.com'),
      await requests('static.example.com', 'overseas'),
    ];
    expect(mainland).toBeGreaterThan(overseas);
    expect(overseas).toBeGreaterThan(0);
  });

  it('splits the domain’s requests of the range over its URLs', async () => {
    const data = await top({ ...YESTERDAY, Filter: 'request', Domains: ['img.example.com'], Limit: 1000 });
    const counts = await fx.call({
      action: 'DescribeCdnData',
      params: { ...YESTERDAY, Metric: 'request', Interval: 'day', Domains: ['img.example.com'] },
    });

    const total = CdnDataAnswer.parse(counts).Data[0]!.CdnData[0]!.SummarizedData.Value;
    const listed = data[0]!.DetailData.reduce((sum, entry) => sum + entry.Value, 0);
    expect(data[0]!.DetailData).toHaveLength(1000);
    expect(listed).toBeLessThanOrEqual(total);
    expect(listed).toBeGreaterThan(total * 0.9);
  });

  it('ranks by bytes with Filter flux, where large objects lead', async () => {
    const byFlux = await top({ ...YESTERDAY, Filter: 'flux', Domains: ['www.example.com'], Limit: 3 });
    const byRequest = await top({ ...YESTERDAY, Filter: 'request', Domains: ['www.example.com'], Limit: 3 });

    expect(byFlux[0]!.DetailData.map((entry) => entry.Name)).not.toEqual(
      byRequest[0]!.DetailData.map((entry) => entry.Name),
    );
    expect(byFlux[0]!.DetailData[0]!.Name).toMatch(/\/(downloads\/setup\.exe|video\/intro\.mp4)$/);
  });

  it('counts EndTime to the end of its day', async () => {
    const midnight = await top({
      StartTime: YESTERDAY.StartTime,
      EndTime: '2026-11-22 00:00:00',
      Filter: 'request',
    });
    const evening = await top({ ...YESTERDAY, Filter: 'request' });

    expect(midnight).toEqual(evening);
  });

  it('merges several domains into one multiDomains list, or one list per domain with Detail', async () => {
    const domains = ['www.example.com', 'img.example.com'];

    const merged = await top({ ...YESTERDAY, Filter: 'request', Domains: domains, Limit: 20 });
    const detailed = await top({
      ...YESTERDAY,
      Filter: 'request',
      Domains: domains,
      Limit: 20,
      Detail: true,
    });

    expect(merged.map((resource) => resource.Resource)).toEqual(['multiDomains']);
    expect(detailed.map((resource) => resource.Resource)).toEqual(domains);
    const best = [...detailed[0]!.DetailData, ...detailed[1]!.DetailData]
      .sort((a, b) => b.Value - a.Value)
      .slice(0, 20);
    expect(merged[0]!.DetailData.map((entry) => entry.Value)).toEqual(best.map((entry) => entry.Value));
  });
});

describe('Tencent sandbox ListTopData ranking hosts by a status-code class', () => {
  it('counts from StartTime’s minute to the end of EndTime’s day what DescribeCdnData reports, incidents, lag and area included', async () => {
    const fx = await startSandboxFixture({ reportLagMs: 10 * MINUTE });
    try {
      const from = at('2026-11-23 10:00:00');
      fx.sandbox.startIncident('static.example.com', { from, serverErrorShare: 0.2 });
      fx.clock.set(from + 40 * MINUTE);
      const range = { StartTime: '2026-11-23 10:00:00', EndTime: '2026-11-23 23:59:59' };
      const domains = ['static.example.com', 'www.example.com'];

      for (const area of ['mainland', 'overseas'] as const) {
        const ranked = await fx.call({
          action: 'ListTopData',
          params: { ...range, Metric: 'host', Filter: '5XX', Domains: domains, Area: area },
        });
        expect(ranked.Error).toBeUndefined();
        for (const domain of domains) {
          const reported = await fx.call({
            action: 'DescribeCdnData',
            params: { ...range, Metric: '5xx', Interval: '5min', Domains: [domain], Area: area },
          });
          const expected = values(CdnDataAnswer.parse(reported)).reduce((sum, value) => sum + value, 0);
          const entry = TopAnswer.parse(ranked).Data[0]!.DetailData.find((item) => item.Name === domain);
          expect([area, domain, entry?.Value ?? 0]).toEqual([area, domain, expected]);
          if (domain === 'static.example.com') expect(expected).toBeGreaterThan(100);
        }
      }
    } finally {
      await fx.sandbox.close();
    }
  });
});

describe('Tencent sandbox catchUp fault', () => {
  it('answers the call as it stands, then reports the lagging minutes to the calls after it', async () => {
    const fx = await startSandboxFixture({ reportLagMs: 10 * MINUTE });
    try {
      const from = at('2026-11-23 10:00:00');
      fx.clock.set(from + 20 * MINUTE);
      const params = {
        StartTime: '2026-11-23 10:00:00',
        EndTime: '2026-11-23 23:59:59',
        Metric: 'host',
        Filter: 'request',
        Domains: ['www.example.com'],
      };
      const requests = async () =>
        TopAnswer.parse(await fx.call({ action: 'ListTopData', params })).Data[0]!.DetailData[0]!.Value;
      const before = await requests();
      fx.sandbox.faults.push({ action: 'ListTopData', kind: 'catchUp', reportMs: 10 * MINUTE });

      const answered = await requests();
      const after = await requests();

      expect(answered).toBe(before);
      expect(after).toBe(modelSum(['www.example.com'], from, from + 20 * MINUTE, (minute) => minute.request));
      expect(after).toBeGreaterThan(before);
    } finally {
      await fx.sandbox.close();
    }
  });
});
