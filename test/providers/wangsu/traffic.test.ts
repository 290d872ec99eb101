import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  MODEL_STATUS_CODES,
  minuteStatusCodes,
  minuteTraffic,
  trafficProfile,
} from '../../../sandbox/tencent/traffic-model.ts';
import {
  DEMO_WANGSU_ACCOUNT,
  startWangsuSandbox,
  type WangsuSandbox,
  type WangsuSandboxOptions,
} from '../../../sandbox/wangsu/index.ts';
import { ProviderError, UsageError } from '../../../src/errors.ts';
import { silentLogger } from '../../../src/logger.ts';
import { parseChinaTime } from '../../../src/providers/china-time.ts';
import type { TrafficQuery } from '../../../src/providers/traffic-types.ts';
import type { CdnProvider } from '../../../src/providers/types.ts';
import { WangsuAccount } from '../../../src/providers/wangsu/account.ts';
import { wangsu } from '../../../src/providers/wangsu/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;
/** 2026-11-23 10:00 in Beijing: the manual clock's start. */
const NOW = parseChinaTime('2026-11-23 10:00:00')!;
/** 2026-11-22 00:00 in Beijing: yesterday, complete. */
const YESTERDAY = parseChinaTime('2026-11-22 00:00:00')!;
const ALL_DOMAINS = DEMO_WANGSU_ACCOUNT.domains.map((domain) => domain.domain);

interface Harness {
  clock: ManualClock;
  sandbox: WangsuSandbox;
  provider: CdnProvider;
  reportCalls(): WangsuSandbox['calls'];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startHarness(options: Partial<WangsuSandboxOptions> = {}): Promise<Harness> {
  const clock = createManualClock(NOW);
  const sandbox = await startWangsuSandbox({ clock, accounts: [DEMO_WANGSU_ACCOUNT], ...options });
  cleanups.push(() => sandbox.close());
  const account = WangsuAccount.parse({
    kind: 'wangsu',
    accessKey: DEMO_WANGSU_ACCOUNT.accessKey,
    secretKey: DEMO_WANGSU_ACCOUNT.secretKey,
    endpoint: sandbox.url,
  });
  const provider = wangsu.create('wangsu-test', account, {
    clock,
    logger: silentLogger,
    random: () => 0.5,
    timeoutMs: 5_000,
  });
  return {
    clock,
    sandbox,
    provider,
    reportCalls: () => sandbox.calls.filter((call) => call.path.startsWith('/api/report/')),
  };
}

/** The model's sum over [from, to) for the domains. */
function modelSum(domains: readonly string[], from: number, to: number, field: 'flux' | 'request'): number {
  let total = 0;
  for (const domain of domains) {
    const profile = trafficProfile(domain);
    for (let minute = from; minute < to; minute += MINUTE) total += minuteTraffic(profile, minute)[field];
  }
  return total;
}

function yesterday(domains: readonly string[], interval: TrafficQuery['interval']): TrafficQuery {
  return { domains, from: YESTERDAY, to: YESTERDAY + DAY, interval };
}

describe('Wangsu traffic: errors', () => {
  it('surfaces a report Wangsu refuses as a ProviderError with its code, message and request id', async () => {
    const { provider, sandbox } = await startHarness();

    const error = await provider.traffic!(yesterday(['www.other.cn'], 'hour'), ['flux']).catch((e) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      providerCode: 'InvalidParameter',
      message: 'The domain www.other.cn does not belong to this account.',
      requestId: sandbox.calls.at(-1)!.requestId,
    });
  });

  it('retries a throttled (446) and a 5xx report call, then answers', async () => {
    const { provider, sandbox } = await startHarness();
    sandbox.faults.push({ path: '/api/report/domainflow', kind: 'throttle' });
    sandbox.faults.push({ path: '/api/report/domainflow', kind: 'http5xx' });

    const series = await provider.traffic!(yesterday(['www.example.cn'], 'hour'), ['flux']);

    expect(series[0]!.points).toHaveLength(24);
    expect(sandbox.calls.map((call) => call.status)).toEqual([446, 503, 200]);
  });
});

describe('Wangsu traffic: series', () => {
  it('turns MB into bytes (1024²) and 5-minute bucket ends into starts, for one domain', async () => {
    const { provider } = await startHarness();

    const [series] = await provider.traffic!(yesterday(['www.example.cn'], '5min'), ['flux']);

    expect(series!.domain).toBe('www.example.cn');
    expect(series!.domains).toBeUndefined();
    expect(series!.points).toHaveLength(288);
    expect(series!.points[0]!.time).toBe(YESTERDAY);
    expect(series!.points.at(-1)!.time).toBe(YESTERDAY + DAY - 5 * MINUTE);
    const nine = YESTERDAY + 9 * HOUR;
    const bytes = modelSum(['www.example.cn'], nine, nine + 5 * MINUTE, 'flux');
    expect(series!.points.find((point) => point.time === nine)!.value).toBe(
      Math.round((Math.round((bytes / MB) * 100) / 100) * MB),
    );
    const total = series!.points.reduce((sum, point) => sum + point.value, 0);
    const exact = modelSum(['www.example.cn'], YESTERDAY, YESTERDAY + DAY, 'flux');
    // Each point is rounded to 0.01 MB on Wangsu's side.
    expect(Math.abs(total - exact)).toBeLessThanOrEqual(288 * 0.005 * MB);
  });

  it('turns Mbps into bits per second (10⁶) and hourly bucket ends into hour starts', async () => {
    const { provider } = await startHarness();

    const [series] = await provider.traffic!(yesterday(['cdn.example.cn'], 'hour'), ['bandwidth']);

    expect(series!.points.map((point) => point.time)).toEqual(
      Array.from({ length: 24 }, (_, hour) => YESTERDAY + hour * HOUR),
    );
    // The hour's busiest 5 minutes, in Mbps with 4 decimals on Wangsu's side.
    const expected = series!.points.map((point) => {
      let peak = 0;
      for (let window = point.time; window < point.time + HOUR; window += 5 * MINUTE) {
        const bytes = modelSum(['cdn.example.cn'], window, window + 5 * MINUTE, 'flux');
        peak = Math.max(peak, Math.round((bytes * 8) / 300));
      }
      return Math.round((Math.round(peak / 100) / 10_000) * 1_000_000);
    });
    expect(series!.points.map((point) => point.value)).toEqual(expected);
    expect(Math.max(...expected)).toBeGreaterThan(1_000_000);
  });

  it('reads request counts in scientific notation exactly, and keeps a daily point on its own day', async () => {
    const { provider } = await startHarness();
    const query = {
      domains: ALL_DOMAINS,
      from: YESTERDAY - 6 * DAY,
      to: YESTERDAY + DAY,
      interval: 'day' as const,
    };

    const [series] = await provider.traffic!(query, ['request']);

    expect(series!.points.map((point) => point.time)).toEqual(
      Array.from({ length: 7 }, (_, day) => YESTERDAY - (6 - day) * DAY),
    );
    expect(series!.points.at(-1)!.value).toBe(modelSum(ALL_DOMAINS, YESTERDAY, YESTERDAY + DAY, 'request'));
  });

  it('answers a batch of several domains as one series per metric that names them all, as Wangsu sums them', async () => {
    const { provider } = await startHarness();
    const domains = ['www.example.cn', 'cdn.example.cn', 'img.example.cn'];

    const series = await provider.traffic!(yesterday(domains, 'hour'), ['flux', 'request']);

    expect(series.map((entry) => [entry.domain, entry.metric, entry.domains])).toEqual([
      ['www.example.cn+2 more', 'flux', domains],
      ['www.example.cn+2 more', 'request', domains],
    ]);
    const requests = series[1]!.points.reduce((sum, point) => sum + point.value, 0);
    expect(requests).toBe(modelSum(domains, YESTERDAY, YESTERDAY + DAY, 'request'));
  });

  it('makes one call per metric per batch, with the range in the query and the domains in the body', async () => {
    const { provider, reportCalls } = await startHarness();

    await provider.traffic!(yesterday(['www.example.cn', 'cdn.example.cn'], '5min'), [
      'flux',
      'bandwidth',
      'request',
    ]);

    expect(reportCalls().map((call) => call.path)).toEqual([
      '/api/report/domainflow',
      '/api/report/domainbandwidth',
      '/api/report/domainhit',
    ]);
    for (const call of reportCalls()) {
      expect(Object.fromEntries(new URLSearchParams(call.query))).toEqual({
        dateFrom: '2026-11-22T00:00:00+08:00',
        dateTo: '2026-11-22T23:59:59+08:00',
        type: 'fiveminutes',
      });
      expect(call.body).toEqual({ 'domain-list': { 'domain-name': ['www.example.cn', 'cdn.example.cn'] } });
    }
  });

  it('leaves out the hit rates, which Wangsu’s domain reports do not give, without asking for them', async () => {
    const { provider, reportCalls } = await startHarness();

    const series = await provider.traffic!(yesterday(['www.example.cn'], 'hour'), [
      'flux',
      'fluxHitRate',
      'requestHitRate',
    ]);

    expect(series.map((entry) => entry.metric)).toEqual(['flux']);
    expect(reportCalls()).toHaveLength(1);
  });

  it('stays within the account’s budget over many queries, pacing itself instead of being throttled', async () => {
    const { provider, sandbox } = await startHarness();

    for (let i = 0; i < 110; i += 1) {
      await provider.traffic!(yesterday(['www.example.cn'], 'day'), ['flux', 'bandwidth', 'request']);
    }

    expect(sandbox.calls).toHaveLength(330);
    expect(sandbox.calls.every((call) => call.status === 200)).toBe(true);
    expect(sandbox.maxRequestsInWindow(DEMO_WANGSU_ACCOUNT.accessKey!)).toBeLessThanOrEqual(300);
  });

  it('offers 5-minute, hourly and daily data over at most 31 days, 20 domains a call, 2 years back, added up over the domains of a call; status codes over 7 days, 183 back', async () => {
    const { provider } = await startHarness();

    expect(provider.trafficLimits!()).toEqual({
      maxRangeMs: 31 * DAY,
      retentionMs: 730 * DAY,
      maxDomainsPerCall: 20,
      intervals: { '5min': 31 * DAY, hour: 31 * DAY, day: 31 * DAY },
      logRetentionMs: 30 * DAY,
      statusCodes: { maxRangeMs: 7 * DAY, retentionMs: 183 * DAY },
      pooledTraffic: true,
      accountBudget: { calls: 300, windowMs: 5 * MINUTE },
    });
    expect(provider.topUrls).toBeUndefined();
  });
});

describe('Wangsu traffic: request hit rates', () => {
  it('reads one domain’s request hit rate per 5 minutes in percent, at bucket starts, in one call', async () => {
    const { provider, reportCalls } = await startHarness();
    const nine = YESTERDAY + 9 * HOUR;

    const [series] = await provider.requestHitRates!({
      domains: ['www.example.cn'],
      from: nine,
      to: nine + HOUR,
      interval: '5min',
    });

    expect(reportCalls().map((call) => [call.path, call.body])).toEqual([
      [
        '/api/report/request/hit-ratio/total',
        {
          dateFrom: '2026-11-22T09:00:00+08:00',
          dateTo: '2026-11-22T09:59:59+08:00',
          domain: ['www.example.cn'],
          dataInterval: '5m',
        },
      ],
    ]);
    expect(series).toMatchObject({ domain: 'www.example.cn', metric: 'requestHitRate' });
    expect(series!.domains).toBeUndefined();
    expect(series!.points.map((point) => point.time)).toEqual(
      Array.from({ length: 12 }, (_, i) => nine + i * 5 * MINUTE),
    );
    const profile = trafficProfile('www.example.cn');
    let hits = 0;
    let requests = 0;
    for (let minute = nine; minute < nine + 5 * MINUTE; minute += MINUTE) {
      hits += minuteTraffic(profile, minute).hitRequest;
      requests += minuteTraffic(profile, minute).request;
    }
    expect(series!.points[0]!.value).toBeCloseTo((hits / requests) * 100, 4);
  });

  it('names every domain of a batch on its series, as the report adds them up', async () => {
    const { provider } = await startHarness();

    const [series] = await provider.requestHitRates!(yesterday(ALL_DOMAINS.slice(0, 2), 'hour'));

    expect(series!.domains).toEqual(ALL_DOMAINS.slice(0, 2));
    expect(series!.points).toHaveLength(24);
  });
});

describe('Wangsu traffic: status codes', () => {
  it('refuses more than 7 days before any call, naming Wangsu’s limit', async () => {
    const { provider, sandbox } = await startHarness();

    const error = await provider.statusCodes!({
      domains: ['www.example.cn'],
      from: NOW - 8 * DAY,
      to: NOW,
      interval: 'hour',
    }).catch((e) => e);

    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      'Wangsu (account wangsu-test) answers status codes for at most 7 days per query.',
    );
    expect(sandbox.calls).toEqual([]);
  });

  it('accepts 7 days whose end was widened past now, as Wangsu clamps the end to now', async () => {
    const { provider, reportCalls } = await startHarness();
    const from = NOW - 7 * DAY + 30 * MINUTE;

    const result = await provider.statusCodes!({
      domains: ['www.example.cn'],
      from,
      to: NOW + 30 * MINUTE,
      interval: 'hour',
    });

    expect(result[0]!.codes.length).toBeGreaterThan(0);
    expect(reportCalls()[0]!.body).toMatchObject({ dateTo: '2026-11-23T09:59:59+08:00', groupBy: 'domain' });
  });

  it('gives each domain its codes, totals as the model counts them and points at 5-minute starts', async () => {
    const { provider } = await startHarness();
    const from = YESTERDAY + 9 * HOUR;
    const domains = ['www.example.cn', 'img.example.cn'];

    const result = await provider.statusCodes!({ domains, from, to: from + HOUR, interval: '5min' });

    expect(result.map((entry) => entry.domain)).toEqual(domains);
    for (const { domain, codes } of result) {
      const profile = trafficProfile(domain);
      const expected = new Map<string, number>();
      for (let minute = from; minute < from + HOUR; minute += MINUTE) {
        minuteStatusCodes(profile, minute, minuteTraffic(profile, minute).request).forEach((count, i) => {
          expected.set(MODEL_STATUS_CODES[i]!, (expected.get(MODEL_STATUS_CODES[i]!) ?? 0) + count);
        });
      }
      expect(codes.map((entry) => [entry.code, entry.total])).toEqual(
        [...expected].filter(([, total]) => total > 0).sort((a, b) => a[0].localeCompare(b[0])),
      );
      const ok = codes.find((entry) => entry.code === '200')!;
      expect(ok.points[0]!.time).toBe(from);
      expect(ok.points.at(-1)!.time).toBe(from + HOUR - 5 * MINUTE);
    }
  });
});

describe('Wangsu traffic: log packages', () => {
  it('lists a day’s hourly files with exclusive ends, sizes, names and links that download', async () => {
    const { provider, reportCalls } = await startHarness();

    const packages = await provider.logPackages!('cdn.example.cn', YESTERDAY, YESTERDAY + DAY);

    expect(packages.length).toBeGreaterThanOrEqual(20);
    for (const entry of packages) {
      expect(entry.domain).toBe('cdn.example.cn');
      expect(entry.end - entry.start).toBe(HOUR);
      expect((entry.start - YESTERDAY) % HOUR).toBe(0);
    }
    const nine = packages.find((entry) => entry.start === YESTERDAY + 9 * HOUR)!;
    expect(nine.name).toBe('cdn.example.cn_2026112209.log.gz');
    const body = Buffer.from(await (await fetch(nine.url)).arrayBuffer());
    expect(body.length).toBe(nine.size);
    expect(gunzipSync(body).toString('utf8')).toContain('[22/Nov/2026:09:');
    expect(reportCalls()[0]!.body).toEqual({
      datefrom: '2026-11-22T00:00:00+08:00',
      dateto: '2026-11-22T23:59:59+08:00',
      'domain-list': { 'domain-name': ['cdn.example.cn'] },
      logType: 'cdn',
    });
  });
});
