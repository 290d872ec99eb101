/**
 * Wangsu traffic statistics and logs (the report APIs of wangsu-cdn.md §2.4 and the log links of §2.5): the
 * CdnProvider operations of issue 4, spread into the provider object by index.ts.
 *
 * - Units: `domainflow` answers MB, read as MiB (1024² bytes) — the reference says only "MB"; 1024 is how the
 *   Wangsu and Tencent consoles count traffic and what cdnops shows (format-units.ts). `domainbandwidth` answers
 *   Mbps, 10⁶ bits per second as bandwidth is always counted. `domainhit` answers counts, in scientific notation
 *   from 7 digits on.
 * - Summing: the flow, bandwidth and request reports add up the domains of one call and cannot split them, so a
 *   batch of several domains becomes one series per metric that carries `domains` (its `domain` reads
 *   `a.example.cn+19 more`); a batch of one is an ordinary per-domain series. The status-code report groups by
 *   domain, so its answers are per domain.
 * - Hit rates: the flow, bandwidth and request reports have none, so `traffic` leaves fluxHitRate and
 *   requestHitRate out rather than guess. The request hit ratio has its own report for a domain list
 *   (`/api/report/request/hit-ratio/total`, added up over the list like the others), offered as `requestHitRates`
 *   for alert rules that ask it one domain at a time; stats and digests keep their cost.
 * - Top URLs: the reference lists no top-URL report by traffic or requests, so `topUrls` is absent and commands
 *   say it is not supported.
 * - Times: a range [from, to) is sent as `dateFrom = from`, `dateTo = to − 1 s` (`yyyy-MM-ddTHH:mm:ss+08:00`), both
 *   rounded down to the bucket, which asks for exactly the buckets that start in the range. 5-minute and hourly
 *   buckets are stamped with their end (the first of a day is 00:05, the last 24:00) and become their start here,
 *   one interval earlier; a daily bucket's date is that day, already its start.
 */

import { UsageError } from '../../errors.ts';
import { batchName } from '../batch-name.ts';
import { formatChinaTime } from '../china-time.ts';
import type {
  DomainSeries,
  DomainStatusCodes,
  Interval,
  LogPackage,
  SeriesPoint,
  TrafficQuery,
} from '../traffic-types.ts';
import type { CdnProvider } from '../types.ts';
import type { WangsuClient } from './client.ts';
import { WANGSU_TRAFFIC_LIMITS } from './profile.ts';
import {
  DomainBandwidthReport,
  DomainFlowReport,
  DomainHitReport,
  LogDownloadLinks,
  type LogFile,
  RequestHitRatioReport,
  StatusCodeReport,
} from './traffic-schema.ts';

export type TrafficOperations = Pick<
  CdnProvider,
  'trafficLimits' | 'traffic' | 'statusCodes' | 'requestHitRates' | 'logPackages'
>;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The status-code report: at most 7 days, within the last 183 (reference §2.4). */
const STATUS_CODE_MAX_RANGE_MS = 7 * DAY_MS;
const STATUS_CODE_RETENTION_MS = 183 * DAY_MS;
/** Status codes are asked at 5 minutes, the one `dataInterval` the reference shows; commands re-bucket them. */
const STATUS_CODE_STEP_MS = 5 * MINUTE_MS;
/** The hit-ratio report: the last 183 days (its 31-day span is the traffic limit's own). */
const HIT_RATIO_RETENTION_MS = 183 * DAY_MS;

/** `type` of the flow, bandwidth and request reports; `dataInterval` of the hit-ratio report. */
const REPORT_TYPE: Readonly<
  Partial<Record<Interval, { type: string; dataInterval: string; endShiftMs: number }>>
> = {
  '5min': { type: 'fiveminutes', dataInterval: '5m', endShiftMs: 5 * MINUTE_MS },
  hour: { type: 'hourly', dataInterval: '1h', endShiftMs: HOUR_MS },
  day: { type: 'daily', dataInterval: '1d', endShiftMs: 0 },
};

const BYTES_PER_MB = 1024 * 1024;
const BITS_PER_MBIT = 1_000_000;

/** `2026-11-22T10:00:00+08:00`: the report APIs' time parameters. */
function reportTime(epochMs: number): string {
  return `${formatChinaTime(epochMs).replace(' ', 'T')}+08:00`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The domain list body of the flow, bandwidth and request reports. */
function domainList(domains: readonly string[]) {
  return { 'domain-list': { 'domain-name': [...domains] } };
}

/** `a.example.cn+19 more`: how a series of several domains is named. */
/** A log package's end is exclusive; a file ending `HH59` is taken to end at the next minute. */
function exclusiveEnd(endMs: number): number {
  return endMs % HOUR_MS === 59 * MINUTE_MS ? endMs + MINUTE_MS : endMs;
}

/** The file name at the end of the link, or the domain and hour when the link has none. */
function packageName(domain: string, file: LogFile): string {
  try {
    const last = new URL(file.logUrl).pathname.split('/').at(-1);
    if (last) return decodeURIComponent(last);
  } catch {
    // Not a URL we can read a name from: fall back below.
  }
  return `${domain}-${formatChinaTime(file.dateFrom).slice(0, 13).replace(/[- ]/g, '')}`;
}

export function wangsuTrafficOperations(
  accountId: string,
  client: WangsuClient,
  now: () => number,
): TrafficOperations {
  const interval = (query: TrafficQuery) => {
    const report = REPORT_TYPE[query.interval];
    if (!report) {
      throw new UsageError(
        `Wangsu (account ${accountId}) reports 5-minute, hourly and daily data, not ${query.interval}.`,
        'Ask for a longer range.',
      );
    }
    return report;
  };

  /** One report call for one metric over one batch, as points at interval starts in the metric's unit. */
  async function report(
    query: TrafficQuery,
    metric: 'flux' | 'bandwidth' | 'request',
    domains: readonly string[],
  ): Promise<SeriesPoint[]> {
    const { type, endShiftMs } = interval(query);
    const request = {
      method: 'POST' as const,
      effect: 'read' as const,
      query: { dateFrom: reportTime(query.from), dateTo: reportTime(query.to - 1000), type },
      body: domainList(domains),
    };
    const start = (time: number) => time - endShiftMs;
    switch (metric) {
      case 'flux': {
        const { data } = await client.json({ ...request, path: '/api/report/domainflow' }, DomainFlowReport);
        return (data['flow-data'] ?? []).map((point) => ({
          time: start(point.timestamp),
          value: Math.round(point.flow * BYTES_PER_MB),
        }));
      }
      case 'bandwidth': {
        const { data } = await client.json(
          { ...request, path: '/api/report/domainbandwidth' },
          DomainBandwidthReport,
        );
        return (data.bandwidthReport ?? []).map((point) => ({
          time: start(point.timestamp),
          value: Math.round(point.bandwidth * BITS_PER_MBIT),
        }));
      }
      case 'request': {
        const { data } = await client.json({ ...request, path: '/api/report/domainhit' }, DomainHitReport);
        return (data['hit-data'] ?? []).map((point) => ({ time: start(point.timestamp), value: point.hit }));
      }
    }
  }

  function checkStatusCodeRange(query: TrafficQuery): { from: number; to: number } {
    const at = now();
    // Wangsu clamps an end past now to now; so does cdnops, so `--last 7d` widened to whole hours still fits.
    const to = Math.min(query.to, at);
    if (to - query.from > STATUS_CODE_MAX_RANGE_MS) {
      throw new UsageError(
        `Wangsu (account ${accountId}) answers status codes for at most 7 days per query.`,
        'Ask for 7 days or less, e.g. --last 7d or --from/--to a week apart.',
      );
    }
    if (query.from < at - STATUS_CODE_RETENTION_MS) {
      throw new UsageError(
        `Wangsu (account ${accountId}) keeps status codes for the last 183 days only.`,
        'Ask for a range that starts within the last 183 days.',
      );
    }
    return { from: query.from, to };
  }

  return {
    trafficLimits: () => WANGSU_TRAFFIC_LIMITS,

    async traffic(query, metrics) {
      interval(query);
      const reported = metrics.filter(
        (metric): metric is 'flux' | 'bandwidth' | 'request' =>
          metric === 'flux' || metric === 'bandwidth' || metric === 'request',
      );
      const series: DomainSeries[] = [];
      for (const domains of chunk(query.domains, WANGSU_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        for (const metric of reported) {
          const points = await report(query, metric, domains);
          series.push({
            domain: batchName(domains),
            metric,
            points,
            ...(domains.length > 1 ? { domains: [...domains] } : {}),
          });
        }
      }
      return series;
    },

    async statusCodes(query) {
      const { from, to } = checkStatusCodeRange(query);
      const results: DomainStatusCodes[] = [];
      for (const domains of chunk(query.domains, WANGSU_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        const { data } = await client.json(
          {
            method: 'POST',
            effect: 'read',
            path: '/api/report/status-code',
            body: {
              dateFrom: reportTime(from),
              dateTo: reportTime(to - 1000),
              domain: domains,
              dataInterval: '5m',
              groupBy: 'domain',
              dataPadding: false,
              queryBy: 'statusCode',
            },
          },
          StatusCodeReport,
        );
        for (const domain of domains) {
          const entry = (data.result ?? []).find(
            (candidate) => candidate.domain?.toLowerCase() === domain.toLowerCase(),
          );
          const codes = (entry?.statusCodeData ?? [])
            .map((code) => ({
              code: code.statusCode,
              total: code.totalRequest,
              points: (code.requestData ?? []).map((point) => ({
                time: point.timestamp - STATUS_CODE_STEP_MS,
                value: point.value,
              })),
            }))
            .sort((a, b) => a.code.localeCompare(b.code));
          results.push({ domain, codes });
        }
      }
      return results;
    },

    async requestHitRates(query) {
      const { dataInterval, endShiftMs } = interval(query);
      if (query.from < now() - HIT_RATIO_RETENTION_MS) {
        throw new UsageError(
          `Wangsu (account ${accountId}) keeps request hit ratios for the last 183 days only.`,
          'Ask for a range that starts within the last 183 days.',
        );
      }
      const series: DomainSeries[] = [];
      for (const domains of chunk(query.domains, WANGSU_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        const { data } = await client.json(
          {
            method: 'POST',
            effect: 'read',
            path: '/api/report/request/hit-ratio/total',
            body: {
              dateFrom: reportTime(query.from),
              dateTo: reportTime(query.to - 1000),
              domain: [...domains],
              dataInterval,
            },
          },
          RequestHitRatioReport,
        );
        const points = (data.data ?? [])
          .flatMap((entry) => entry.hitRatioDatas ?? [])
          .map((point) => ({ time: point.timestamp - endShiftMs, value: point.hitRatio }));
        series.push({
          domain: batchName(domains),
          metric: 'requestHitRate',
          points,
          ...(domains.length > 1 ? { domains: [...domains] } : {}),
        });
      }
      return series;
    },

    async logPackages(domain, from, to) {
      const { data } = await client.json(
        {
          method: 'POST',
          effect: 'read',
          path: '/api/report/log/downloadLink',
          body: {
            datefrom: reportTime(from),
            dateto: reportTime(to - 1000),
            'domain-list': { 'domain-name': [domain] },
            logType: 'cdn',
          },
        },
        LogDownloadLinks,
      );
      const wanted = domain.toLowerCase();
      return (data.logs ?? [])
        .filter((entry) => entry.domain.toLowerCase() === wanted)
        .flatMap((entry) => entry.files ?? [])
        .map(
          (file): LogPackage => ({
            domain,
            start: file.dateFrom,
            end: exclusiveEnd(file.dateTo),
            url: file.logUrl,
            size: file.fileSize ?? undefined,
            name: packageName(domain, file),
          }),
        );
    },
  };
}
