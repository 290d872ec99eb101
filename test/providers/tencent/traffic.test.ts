import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  type SandboxDomain,
  startTencentSandbox,
  type TencentSandbox,
} from '../../../sandbox/tencent/index.ts';
import { isQuietHour, trafficProfile } from '../../../sandbox/tencent/traffic-model.ts';
import { ProviderError } from '../../../src/errors.ts';
import type { Logger } from '../../../src/logger.ts';
import { parseChinaTime } from '../../../src/providers/china-time.ts';
import type { TrafficQuery } from '../../../src/providers/traffic-types.ts';
import type { CdnProvider } from '../../../src/providers/types.ts';
import { providerOnSandbox } from './provider-on-sandbox.ts';

const SECRET_ID = 'AKIDcdnopsTrafficTest';
const SECRET_KEY = 'traffic-test-secret-key';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-11-23 10:00:00 in Beijing. */
const START = Date.UTC(2026, 10, 23, 2, 0, 0);
/** 2026-11-22 00:00 in Beijing: yesterday, complete. */
const YESTERDAY = parseChinaTime('2026-11-22 00:00:00')!;

const DOMAINS: SandboxDomain[] = [
  { domain: 'www.example.com' },
  { domain: 'img.example.com' },
  { domain: 'static.example.com', area: 'global' },
];

interface Harness {
  clock: ManualClock;
  sandbox: TencentSandbox;
  provider: CdnProvider;
  callsOf(action: string): TencentSandbox['calls'];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startHarness(domains: SandboxDomain[] = DOMAINS, reportLagMs = 0): Promise<Harness> {
  const clock = createManualClock(START);
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, domains }],
    reportLagMs,
  });
  cleanups.push(() => sandbox.close());
  const logger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
  const provider = providerOnSandbox(sandbox, { secretId: SECRET_ID, secretKey: SECRET_KEY }, clock, logger);
  return {
    clock,
    sandbox,
    provider,
    callsOf: (action) => sandbox.calls.filter((call) => call.action === action),
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

function day(domains: string[], interval: TrafficQuery['interval'] = 'hour'): TrafficQuery {
  return { domains, from: YESTERDAY, to: YESTERDAY + DAY, interval };
}

describe('Tencent traffic limits', () => {
  it('declares DescribeCdnData’s ranges, intervals and batch size, and 30 days of logs', async () => {
    const { provider } = await startHarness();

    expect(provider.trafficLimits!()).toEqual({
      maxRangeMs: 90 * DAY,
      retentionMs: 90 * DAY,
      maxDomainsPerCall: 30,
      intervals: { '1min': DAY, '5min': 31 * DAY, hour: 31 * DAY, day: 90 * DAY },
      logRetentionMs: 30 * DAY,
      addsUpOnRequest: true,
    });
  });
});

describe('Tencent traffic: when the API fails', () => {
  it('retries a throttled DescribeCdnData and then returns the series', async () => {
    const { provider, sandbox, callsOf } = await startHarness();
    sandbox.faults.push({ action: 'DescribeCdnData', kind: 'error', code: 'RequestLimitExceeded' });

    const series = await provider.traffic!(day(['www.example.com']), ['flux']);

    expect(series).toHaveLength(1);
    expect(series[0]!.points).toHaveLength(24);
    expect(callsOf('DescribeCdnData').map((call) => call.errorCode)).toEqual([
      'RequestLimitExceeded',
      undefined,
    ]);
  });

  it('gives up after 4 answers of HTTP 503 with a retryable error', async () => {
    const { provider, sandbox, callsOf } = await startHarness();
    sandbox.faults.push({ action: 'ListTopData', kind: 'http5xx', status: 503, times: 4 });

    const error = await rejection(provider.topUrls!({ ...day(['www.example.com']), by: 'flux', limit: 10 }));

    expect(error).toMatchObject({ providerCode: 'HTTP503', retryable: true });
    expect(callsOf('ListTopData')).toHaveLength(4);
  });

  it('surfaces a refused range with Tencent’s code, message and RequestId, without retrying', async () => {
    const { provider, callsOf } = await startHarness();

    const error = await rejection(
      provider.traffic!(
        { domains: ['www.example.com'], from: YESTERDAY - 91 * DAY, to: YESTERDAY, interval: 'day' },
        ['flux'],
      ),
    );

    const calls = callsOf('DescribeCdnData');
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({
      account: 'tencent-test',
      providerCode: 'InvalidParameter.CdnStatInvalidDate',
      message: 'The range between StartTime and EndTime cannot exceed 90 days.',
      requestId: calls[0]!.requestId,
      retryable: false,
    });
  });

  it('surfaces a domain the account does not have as ResourceNotFound.CdnHostNotExists', async () => {
    const { provider, callsOf } = await startHarness();

    const error = await rejection(provider.statusCodes!(day(['other.example.org'])));

    expect(error).toMatchObject({
      providerCode: 'ResourceNotFound.CdnHostNotExists',
      requestId: callsOf('DescribeCdnData')[0]!.requestId,
    });
  });

  it('surfaces log requests older than 30 days with their code and RequestId', async () => {
    const { provider, callsOf } = await startHarness();

    const error = await rejection(provider.logPackages!('www.example.com', YESTERDAY - 31 * DAY, YESTERDAY));

    expect(error).toMatchObject({
      providerCode: 'InvalidParameter.CdnStatInvalidDate',
      requestId: callsOf('DescribeCdnDomainLogs')[0]!.requestId,
    });
  });

  it('answers empty lists without calling Tencent when no domain is asked about', async () => {
    const { provider, sandbox } = await startHarness();

    const series = await provider.traffic!(day([]), ['flux']);
    const codes = await provider.statusCodes!(day([]));
    const top = await provider.topUrls!({ ...day([]), by: 'request', limit: 10 });

    expect([series, codes, top]).toEqual([[], [], []]);
    expect(sandbox.calls).toEqual([]);
  });

  it('answers no log packages for an hour that has not ended', async () => {
    const { provider } = await startHarness();

    const packages = await provider.logPackages!('www.example.com', START, START + HOUR);

    expect(packages).toEqual([]);
  });
});

describe('Tencent traffic: series', () => {
  it('asks DescribeCdnData once per metric with Detail, the domains, the interval and an inclusive end', async () => {
    const { provider, callsOf } = await startHarness();

    await provider.traffic!(day(['www.example.com', 'img.example.com'], '5min'), ['flux', 'bandwidth']);

    expect(callsOf('DescribeCdnData').map((call) => call.params)).toEqual(
      ['flux', 'bandwidth'].map((metric) => ({
        StartTime: '2026-11-22 00:00:00',
        EndTime: '2026-11-22 23:59:59',
        Metric: metric,
        Domains: ['www.example.com', 'img.example.com'],
        Interval: '5min',
        Detail: true,
      })),
    );
  });

  it('answers a metric asked added up with one series for the batch, Tencent adding up every area it serves', async () => {
    const { provider, callsOf } = await startHarness();
    const domains = ['www.example.com', 'img.example.com', 'static.example.com'];
    const each = await provider.traffic!(day(domains, '5min'), ['bandwidth']);
    const asked = callsOf('DescribeCdnData').length;

    const [added, ...rest] = await provider.traffic!({ ...day(domains, '5min'), pooled: ['bandwidth'] }, [
      'bandwidth',
    ]);

    expect(rest).toEqual([]);
    expect(added).toMatchObject({ metric: 'bandwidth', domains });
    const sums = added!.points.map((point, i) => ({
      point: point.value,
      domains: each.reduce((sum, series) => sum + series.points[i]!.value, 0),
    }));
    // Tencent rounds each series to whole bits per second: the sum of three rounded series may be 1 or 2 off.
    expect(sums.filter(({ point, domains }) => Math.abs(point - domains) > each.length)).toEqual([]);
    expect(sums.some(({ point }) => point > 0)).toBe(true);
    // As many calls as asking each domain apart (one per area the batch serves), none with Detail.
    const calls = callsOf('DescribeCdnData').slice(asked);
    expect(calls).toHaveLength(asked);
    expect(calls.every((call) => !(call.params as { Detail?: boolean }).Detail)).toBe(true);
  });

  it('sends 1min as Tencent’s min', async () => {
    const { provider, callsOf } = await startHarness();

    await provider.traffic!(
      { domains: ['www.example.com'], from: YESTERDAY, to: YESTERDAY + HOUR, interval: '1min' },
      ['request'],
    );

    expect(callsOf('DescribeCdnData')[0]!.params).toMatchObject({ Interval: 'min' });
  });

  it('returns one series per domain and metric, with epoch-ms points starting at `from`', async () => {
    const { provider } = await startHarness();

    const series = await provider.traffic!(day(['www.example.com', 'img.example.com']), ['flux', 'request']);

    expect(series.map((entry) => [entry.domain, entry.metric])).toEqual([
      ['www.example.com', 'flux'],
      ['www.example.com', 'request'],
      ['img.example.com', 'flux'],
      ['img.example.com', 'request'],
    ]);
    for (const entry of series) {
      expect(entry.points.map((point) => point.time)).toEqual(
        Array.from({ length: 24 }, (_, hour) => YESTERDAY + hour * HOUR),
      );
      expect(
        entry.points.every(
          (point) => point.value > 0 || isQuietHour(trafficProfile(entry.domain), point.time),
        ),
      ).toBe(true);
    }
  });

  it('keeps Tencent’s units: flux in bytes, bandwidth in bits per second', async () => {
    const { provider } = await startHarness();

    const [flux, bandwidth] = await provider.traffic!(day(['www.example.com'], '5min'), [
      'flux',
      'bandwidth',
    ]);

    // Within one 5-minute point the peak rate is that point's bytes × 8 over 300 s.
    flux!.points.forEach((point, i) => {
      expect(bandwidth!.points[i]!.value).toBe(Math.round((point.value * 8) / 300));
    });
  });

  it('returns hit rates as Tencent gives them, in percent', async () => {
    const { provider, callsOf } = await startHarness();

    const [series] = await provider.traffic!(day(['img.example.com'], 'day'), ['requestHitRate']);

    expect(series!.points).toHaveLength(1);
    expect(series!.points[0]!.value).toBeGreaterThan(80);
    expect(series!.points[0]!.value).toBeLessThan(100);
    expect(callsOf('DescribeCdnData')).toHaveLength(1);
  });

  it('splits more than 30 domains into calls of at most 30', async () => {
    const many = Array.from({ length: 32 }, (_, i) => ({ domain: `d${i}.example.com` }));
    const { provider, callsOf } = await startHarness(many);

    const series = await provider.traffic!(
      day(
        many.map((entry) => entry.domain),
        'day',
      ),
      ['request'],
    );

    expect(
      callsOf('DescribeCdnData').map((call) => (call.params as { Domains: string[] }).Domains.length),
    ).toEqual([30, 2]);
    expect(series).toHaveLength(32);
    expect(series.every((entry) => entry.points.length === 1 && entry.points[0]!.value > 0)).toBe(true);
  });
});

describe('Tencent traffic: status codes', () => {
  it('asks per domain for statusCode, 4xx and 5xx, without Detail, which Tencent refuses for codes', async () => {
    const { provider, callsOf } = await startHarness();

    await provider.statusCodes!(day(['www.example.com', 'img.example.com']));

    expect(
      callsOf('DescribeCdnData').map((call) => {
        const params = call.params as { Metric: string; Domains: string[]; Detail?: boolean };
        return [params.Domains, params.Metric, params.Detail];
      }),
    ).toEqual([
      [['www.example.com'], 'statusCode', undefined],
      [['www.example.com'], '4xx', undefined],
      [['www.example.com'], '5xx', undefined],
      [['img.example.com'], 'statusCode', undefined],
      [['img.example.com'], '4xx', undefined],
      [['img.example.com'], '5xx', undefined],
    ]);
  });

  it('returns the class totals, then each 4xx and 5xx code seen, with their series', async () => {
    const { provider } = await startHarness();

    const [result] = await provider.statusCodes!(day(['img.example.com']));

    expect(result!.domain).toBe('img.example.com');
    expect(result!.codes.map((code) => code.code)).toEqual([
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      '400',
      '403',
      '404',
      '416',
      '500',
      '502',
      '503',
      '504',
    ]);
    for (const code of result!.codes) {
      expect(code.points).toHaveLength(24);
      expect(code.total).toBe(code.points.reduce((sum, point) => sum + point.value, 0));
    }
    const total = (name: string) => result!.codes.find((code) => code.code === name)!.total;
    expect(total('4xx')).toBe(total('400') + total('403') + total('404') + total('416'));
    expect(total('5xx')).toBe(total('500') + total('502') + total('503') + total('504'));
  });
});

describe('Tencent traffic: top URLs', () => {
  it('asks ListTopData for url with the filter, domains and limit, and returns the ranking', async () => {
    const { provider, callsOf } = await startHarness();

    const top = await provider.topUrls!({
      ...day(['www.example.com', 'img.example.com']),
      by: 'request',
      limit: 5,
    });

    expect(callsOf('ListTopData')[0]!.params).toEqual({
      StartTime: '2026-11-22 00:00:00',
      EndTime: '2026-11-22 23:59:59',
      Metric: 'url',
      Filter: 'request',
      Domains: ['www.example.com', 'img.example.com'],
      Limit: 5,
    });
    expect(top).toHaveLength(5);
    expect(top.map((entry) => entry.value)).toEqual(
      [...top.map((entry) => entry.value)].sort((a, b) => b - a),
    );
    expect(top.every((entry) => /^(www|img)\.example\.com\//.test(entry.name))).toBe(true);
  });

  it('asks for at most the 1000 URLs Tencent can rank', async () => {
    const { provider, callsOf } = await startHarness();

    const top = await provider.topUrls!({ ...day(['www.example.com']), by: 'flux', limit: 5000 });

    expect(callsOf('ListTopData')[0]!.params).toMatchObject({ Filter: 'flux', Limit: 1000 });
    expect(top).toHaveLength(1000);
  });
});

describe('Tencent traffic: log packages', () => {
  it('pages DescribeCdnDomainLogs to TotalCount, asking for every area', async () => {
    const { provider, callsOf } = await startHarness();
    const from = START - 29 * DAY;

    const packages = await provider.logPackages!('static.example.com', from, START);

    const calls = callsOf('DescribeCdnDomainLogs').map((call) => call.params as Record<string, unknown>);
    expect(calls.map((params) => [params.Offset, params.Limit, params.Area])).toEqual([
      [0, 1000, 'global'],
      [1000, 1000, 'global'],
    ]);
    expect(calls[0]).toMatchObject({
      Domain: 'static.example.com',
      StartTime: '2026-10-25 10:00:00',
      EndTime: '2026-11-23 09:59:59',
    });
    expect(packages.length).toBeGreaterThan(1000);
    expect(new Set(packages.map((entry) => entry.name)).size).toBe(packages.length);
  });

  it('maps each package to an hour with an exclusive end, its link, size and name', async () => {
    const { provider } = await startHarness();

    const packages = await provider.logPackages!('www.example.com', YESTERDAY, YESTERDAY + DAY);

    const first = packages[0]!;
    expect(first).toEqual({
      domain: 'www.example.com',
      start: YESTERDAY,
      end: YESTERDAY + HOUR,
      url: expect.stringMatching(/\/logs\/www\.example\.com\/2026112200\.gz\?expires=\d+$/),
      size: expect.any(Number),
      name: '2026112200-www.example.com',
    });
    expect(packages.every((entry) => entry.end - entry.start === HOUR)).toBe(true);
  });

  it('gives links that download the package', async () => {
    const { provider } = await startHarness();
    const [first] = await provider.logPackages!('img.example.com', YESTERDAY, YESTERDAY + HOUR);

    const response = await fetch(first!.url);
    const body = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(body.length).toBe(first!.size);
    expect(gunzipSync(body).toString('utf8')).toMatch(/^20261122000\d{3} \S+ img\.example\.com \//);
  });
});

describe('Tencent traffic: every area a domain serves, in codes and top URLs', () => {
  const OVERSEAS: SandboxDomain = { domain: 'intl.example.com', area: 'overseas' };
  const yesterday = (domains: string[]) => ({ ...day(domains, '5min'), by: 'request' as const, limit: 1000 });

  async function areaHarness() {
    const harness = await startHarness([...DOMAINS, OVERSEAS]);
    // The areas come from the domain list, as every command reads it first.
    await harness.provider.listDomains();
    return harness;
  }

  it('counts an overseas domain’s status codes, which the mainland alone reports as none', async () => {
    const { provider } = await areaHarness();

    const [codes] = await provider.statusCodes!(day(['intl.example.com'], '5min'));
    const [classes] = (await provider.statusCodeClasses!(day(['intl.example.com'], '5min')))!;

    const total = (entry: typeof codes) => entry!.codes.find((code) => code.code === '2xx')!.total;
    expect(total(codes)).toBeGreaterThan(0);
    expect(total(classes)).toBe(total(codes));
    expect(codes!.codes.some((code) => /^[45]\d\d$/.test(code.code))).toBe(true);
  });

  it('adds up a global domain’s areas: its status codes and URL requests match its traffic in both', async () => {
    const { provider } = await areaHarness();
    const domain = 'static.example.com';

    const [requests] = await provider.traffic!(day([domain], '5min'), ['request']);
    const [codes] = await provider.statusCodes!(day([domain], '5min'));
    const [classes] = (await provider.statusCodeClasses!(day([domain], '5min')))!;
    const [own] = await provider.domainTopUrls!(yesterday([domain]));
    const ranked = await provider.topUrls!(yesterday([domain]));

    const served = requests!.points.reduce((sum, point) => sum + point.value, 0);
    const answered = (entry: typeof codes) =>
      entry!.codes.filter((code) => /^\dxx$/.test(code.code)).reduce((sum, code) => sum + code.total, 0);
    expect(answered(codes)).toBe(served);
    expect(answered(classes)).toBe(served);
    // The top 1,000 URLs hold most of the domain's requests; the mainland alone serves 70% of them.
    const listed = (entries: { value: number }[]) => entries.reduce((sum, entry) => sum + entry.value, 0);
    for (const entries of [own!.entries, ranked]) {
      expect(listed(entries)).toBeLessThanOrEqual(served);
      expect(listed(entries)).toBeGreaterThan(served * 0.9);
    }
    expect(new Set(ranked.map((entry) => entry.name)).size).toBe(ranked.length);
  });

  it('lists an overseas domain’s top URLs, asking the overseas ranking for it alone', async () => {
    const { provider, callsOf } = await areaHarness();

    const [own] = await provider.domainTopUrls!(yesterday(['intl.example.com']));

    expect(own!.entries.length).toBeGreaterThan(0);
    expect(callsOf('ListTopData').map((call) => (call.params as { Area?: string }).Area)).toEqual([
      'overseas',
    ]);
  });
});

describe('Tencent traffic: one interval’s status-code class per domain', () => {
  /** The 5xx requests DescribeCdnData reports for a domain over [from, from + 5 min). */
  async function reported5xx(provider: CdnProvider, domain: string, from: number): Promise<number> {
    const [codes] = await provider.statusCodes!({
      domains: [domain],
      from,
      to: from + 5 * MINUTE,
      interval: '5min',
    });
    return codes!.codes.find((code) => code.code === '5xx')!.total;
  }

  it('counts an interval as ListTopData to the day’s end from its start minus from its end: two calls, DescribeCdnData’s figure', async () => {
    const { clock, sandbox, provider, callsOf } = await startHarness();
    sandbox.startIncident('www.example.com', { from: START, serverErrorShare: 0.1 });
    clock.set(START + 7 * MINUTE);

    const counts = await provider.intervalClassCounts!({
      domains: ['www.example.com', 'img.example.com'],
      from: START,
      to: START + 5 * MINUTE,
      interval: '5min',
      codeClass: '5xx',
    });

    const topCalls = callsOf('ListTopData').map((call) => {
      const params = call.params as { StartTime: string; EndTime: string; Metric: string; Filter: string };
      return [params.StartTime, params.EndTime, params.Metric, params.Filter];
    });
    expect(topCalls).toEqual([
      ['2026-11-23 10:00:00', '2026-11-23 23:59:59', 'host', '5XX'],
      ['2026-11-23 10:05:00', '2026-11-23 23:59:59', 'host', '5XX'],
    ]);
    const www = await reported5xx(provider, 'www.example.com', START);
    expect(www).toBeGreaterThan(100);
    expect(counts).toEqual([
      { domain: 'www.example.com', count: www, exact: true },
      {
        domain: 'img.example.com',
        count: await reported5xx(provider, 'img.example.com', START),
        exact: true,
      },
    ]);
  });

  it('skips the second call when the caller finds every bound enough, and makes it for all when one is not', async () => {
    const { clock, sandbox, provider, callsOf } = await startHarness();
    sandbox.startIncident('www.example.com', { from: START, serverErrorShare: 0.1 });
    clock.set(START + 9 * MINUTE);
    const ask = (needsExact: (domain: string, atMost: number) => boolean) =>
      provider.intervalClassCounts!({
        domains: ['www.example.com', 'img.example.com'],
        from: START,
        to: START + 5 * MINUTE,
        interval: '5min',
        codeClass: '5xx',
        needsExact,
      });
    const bounds: [string, number][] = [];

    const screened = await ask((domain, atMost) => {
      bounds.push([domain, atMost]);
      return false;
    });
    const screenedCalls = callsOf('ListTopData').length;
    const counted = await ask((domain) => domain === 'www.example.com');

    expect(screenedCalls).toBe(1);
    expect(callsOf('ListTopData')).toHaveLength(3);
    // The bound runs from 10:00 to what is reported (10:09): more than the interval, never less.
    const www = await reported5xx(provider, 'www.example.com', START);
    expect(screened[0]).toEqual({ domain: 'www.example.com', count: bounds[0]![1], exact: false });
    expect(bounds[0]![1]).toBeGreaterThan(www);
    expect(screened[1]!.exact).toBe(false);
    expect(counted).toEqual([
      { domain: 'www.example.com', count: www, exact: true },
      {
        domain: 'img.example.com',
        count: await reported5xx(provider, 'img.example.com', START),
        exact: true,
      },
    ]);
  });

  it('bounds a global domain by both areas together, and counts it exactly in both when that bound is not enough', async () => {
    const { clock, sandbox, provider, callsOf } = await startHarness();
    sandbox.startIncident('static.example.com', { from: START, serverErrorShare: 0.1 });
    clock.set(START + 9 * MINUTE);
    // The areas come from the domain list, as every command reads it first.
    await provider.listDomains();
    const query = {
      domains: ['static.example.com'],
      from: START,
      to: START + 5 * MINUTE,
      interval: '5min' as const,
      codeClass: '5xx' as const,
    };
    const asked: number[] = [];

    const [count] = await provider.intervalClassCounts!({
      ...query,
      needsExact: (_domain, atMost) => {
        asked.push(atMost);
        return true;
      },
    });

    const calls = callsOf('ListTopData').map((call) => call.params as { StartTime: string; Area?: string });
    expect(calls.map((params) => [params.StartTime.slice(11), params.Area ?? 'mainland'])).toEqual([
      ['10:00:00', 'mainland'],
      ['10:00:00', 'overseas'],
      ['10:05:00', 'mainland'],
      ['10:05:00', 'overseas'],
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeGreaterThan(count!.count);
    // Both areas' share of the interval, as DescribeCdnData counts them, each area asked and added up.
    expect(count!.count).toBe(await reported5xx(provider, 'static.example.com', START));
    expect(
      callsOf('DescribeCdnData').map((call) => (call.params as { Area?: string }).Area ?? 'mainland'),
    ).toEqual(['mainland', 'mainland', 'mainland', 'overseas', 'overseas', 'overseas']);
    expect(await provider.intervalClassCounts!(query)).toEqual([count]);
    expect(count!.exact).toBe(true);
  });

  it('reads the interval as clean, never negative, when the provider reports more between its two calls', async () => {
    const { clock, sandbox, provider, callsOf } = await startHarness(DOMAINS, 4 * MINUTE);
    // Half the requests fail from 10:05 on: the minutes reported after the first call hold more 5xx than 10:00–10:05.
    sandbox.startIncident('www.example.com', { from: START + 5 * MINUTE, serverErrorShare: 0.5 });
    clock.set(START + 12 * MINUTE);
    sandbox.faults.push({ action: 'ListTopData', kind: 'catchUp', reportMs: 4 * MINUTE });

    const [count] = await provider.intervalClassCounts!({
      domains: ['www.example.com'],
      from: START,
      to: START + 5 * MINUTE,
      interval: '5min',
      codeClass: '5xx',
    });

    expect(callsOf('ListTopData')).toHaveLength(2);
    expect(count).toEqual({ domain: 'www.example.com', count: 0, exact: true });
  });

  it('asks once for 23:55, whose end is the next Beijing day', async () => {
    const { clock, sandbox, provider, callsOf } = await startHarness();
    const lastInterval = parseChinaTime('2026-11-23 23:55:00')!;
    sandbox.startIncident('www.example.com', { from: lastInterval, serverErrorShare: 0.2 });
    clock.set(lastInterval + 12 * MINUTE);

    const [count] = await provider.intervalClassCounts!({
      domains: ['www.example.com'],
      from: lastInterval,
      to: lastInterval + 5 * MINUTE,
      interval: '5min',
      codeClass: '5xx',
    });

    expect(callsOf('ListTopData').map((call) => (call.params as { StartTime: string }).StartTime)).toEqual([
      '2026-11-23 23:55:00',
    ]);
    expect(count!.count).toBe(await reported5xx(provider, 'www.example.com', lastInterval));
    expect(count!.count).toBeGreaterThan(0);
  });
});
