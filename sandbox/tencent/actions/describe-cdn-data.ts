import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { formatBeijingTime } from '../beijing-time.ts';
import { parseParams } from '../parse-params.ts';
import { serializedOnce } from '../serialized-json.ts';
import { resolveStatDomains } from '../stat-domains.ts';
import { beijingMidnight, DAY_MS, HOUR_MS, MINUTE_MS, parseStatRange } from '../stat-time.ts';
import { type AreaShare, areaShare, cachedTrafficBuckets, type TrafficBuckets } from '../traffic-buckets.ts';
import { MODEL_STATUS_CODES, type TrafficProfile, trafficProfile } from '../traffic-model.ts';

const Params = z.strictObject({
  StartTime: z.string(),
  EndTime: z.string(),
  Metric: z.string(),
  Domains: z.array(z.string()).optional(),
  Project: z.int().optional(),
  Interval: z.string().optional(),
  Detail: z.boolean().optional(),
  Isp: z.int().optional(),
  District: z.int().optional(),
  Protocol: z.enum(['all', 'http', 'https', 'quic']).optional(),
  DataSource: z.string().optional(),
  IpProtocol: z.enum(['all', 'ipv4', 'ipv6']).optional(),
  Area: z.enum(['mainland', 'overseas']).optional(),
  AreaType: z.enum(['server', 'client']).optional(),
  Product: z.enum(['cdn', 'ecdn']).optional(),
  TimeZone: z.literal('UTC+08:00').optional(),
});

const MAX_RANGE_MS = 90 * DAY_MS;

/** Each Interval's step and the longest range (EndTime − StartTime) it may be used for (tencent-cdn.md §4, §5.16). */
const INTERVALS: Readonly<Record<string, { stepMs: number; maxRangeMs: number }>> = {
  min: { stepMs: MINUTE_MS, maxRangeMs: DAY_MS },
  '5min': { stepMs: 5 * MINUTE_MS, maxRangeMs: 31 * DAY_MS },
  hour: { stepMs: HOUR_MS, maxRangeMs: 31 * DAY_MS },
  day: { stepMs: DAY_MS, maxRangeMs: MAX_RANGE_MS },
};

const TRAFFIC_METRICS = new Set([
  'flux',
  'bandwidth',
  'request',
  'hitRequest',
  'requestHitRate',
  'hitFlux',
  'fluxHitRate',
]);
const CODE_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const SPECIFIC_CODE = /^[1-5]\d\d$/;

type Summary = 'sum' | 'max' | 'avg';

interface CdnData {
  Metric: string;
  DetailData: { Time: string; Value: number }[];
  SummarizedData: { Name: Summary; Value: number };
}

/** What Tencent picks when Interval is left out: the finest interval the range allows, but at most 5min. */
function defaultInterval(rangeMs: number): string {
  if (rangeMs <= DAY_MS) return '5min';
  if (rangeMs <= 31 * DAY_MS) return 'hour';
  return 'day';
}

function checkInterval(interval: string, rangeMs: number, area: string | undefined): { stepMs: number } {
  const rule = INTERVALS[interval];
  if (!rule) {
    throw new ApiError(
      'InvalidParameter.CdnInvalidParamInterval',
      `Interval must be min, 5min, hour or day, got \`${interval}\`.`,
    );
  }
  if (rangeMs > rule.maxRangeMs) {
    throw new ApiError(
      'InvalidParameter.CdnInvalidParamInterval',
      `Interval ${interval} only serves ranges up to ${rule.maxRangeMs / DAY_MS} day(s); use a coarser interval.`,
    );
  }
  if (interval === 'min' && area === 'overseas') {
    throw new ApiError(
      'InvalidParameter.CdnInvalidParamInterval',
      'Interval min is not available for overseas data; use 5min.',
    );
  }
  return rule;
}

function isStatusMetric(metric: string): boolean {
  return (
    metric === 'statusCode' ||
    (CODE_CLASSES as readonly string[]).includes(metric) ||
    SPECIFIC_CODE.test(metric)
  );
}

function checkMetric(metric: string): void {
  if (TRAFFIC_METRICS.has(metric) || isStatusMetric(metric)) return;
  throw new ApiError(
    'InvalidParameter.CdnInvalidParamMetric',
    `Metric \`${metric}\` is not supported: use flux, bandwidth, request, hitRequest, requestHitRate, hitFlux, fluxHitRate, statusCode, 2xx, 3xx, 4xx, 5xx or a status code such as 404.`,
  );
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const rate = (hit: number, total: number) => (total === 0 ? 0 : round2((100 * hit) / total));

/** The per-bucket series of one code (or a class like `4xx`), zeros when the model never produces it. */
function codeSeries(buckets: TrafficBuckets, count: number, codes: readonly string[]): number[] {
  const series = new Array<number>(count).fill(0);
  for (const code of codes) {
    buckets.codes.get(code)?.forEach((value, i) => {
      series[i]! += value;
    });
  }
  return series;
}

/** The CdnData entries one Metric answers with, from the bucketed model. */
function cdnData(metric: string, buckets: TrafficBuckets, times: readonly string[]): CdnData[] {
  const entry = (name: string, values: readonly number[], summary: Summary, total?: number): CdnData => ({
    Metric: name,
    DetailData: values.map((value, i) => ({ Time: times[i]!, Value: value })),
    SummarizedData: {
      Name: summary,
      Value: total ?? (summary === 'max' ? Math.max(0, ...values) : sum(values)),
    },
  });
  const byClass = (cls: string) => MODEL_STATUS_CODES.filter((code) => code[0] === cls[0]);
  const classEntry = (cls: string) => entry(cls, codeSeries(buckets, times.length, byClass(cls)), 'sum');
  switch (metric) {
    case 'flux':
    case 'request':
    case 'hitRequest':
    case 'hitFlux':
      return [entry(metric, buckets[metric], 'sum')];
    case 'bandwidth':
      return [entry(metric, buckets.peakBandwidth, 'max')];
    case 'requestHitRate':
      return [
        entry(
          metric,
          buckets.request.map((total, i) => rate(buckets.hitRequest[i]!, total)),
          'avg',
          rate(sum(buckets.hitRequest), sum(buckets.request)),
        ),
      ];
    case 'fluxHitRate':
      return [
        entry(
          metric,
          buckets.flux.map((total, i) => rate(buckets.hitFlux[i]!, total)),
          'avg',
          rate(sum(buckets.hitFlux), sum(buckets.flux)),
        ),
      ];
    case 'statusCode':
      return CODE_CLASSES.map(classEntry);
    case '2xx':
    case '3xx':
    case '4xx':
    case '5xx':
      return [
        classEntry(metric),
        ...byClass(metric).map((code) => entry(code, codeSeries(buckets, times.length, [code]), 'sum')),
      ];
    default:
      return [entry(metric, codeSeries(buckets, times.length, [metric]), 'sum')];
  }
}

/**
 * What each metric answers for one bucketed answer (cachedTrafficBuckets gives the same object for the same question
 * and state): asked again, as a warm-up and its timed run ask, the entries are reused rather than rebuilt, the way
 * Tencent answers from statistics it keeps rather than working them out per call. Only ever read (serialised).
 */
const entriesByBuckets = new WeakMap<TrafficBuckets, Map<string, CdnData[]>>();

function cachedCdnData(metric: string, buckets: TrafficBuckets, times: readonly string[]): CdnData[] {
  let byMetric = entriesByBuckets.get(buckets);
  if (!byMetric) {
    byMetric = new Map();
    entriesByBuckets.set(buckets, byMetric);
  }
  // The times follow from the bucket spec, which is part of what made `buckets`: the metric is the whole key.
  let entries = byMetric.get(metric);
  if (!entries) {
    entries = cdnData(metric, buckets, times);
    byMetric.set(metric, entries);
  }
  return entries;
}

/** The Beijing times of a spec's points, kept for the last few specs asked. */
const recentTimes = new Map<string, string[]>();
const RECENT_TIMES_LIMIT = 64;

function pointTimes(first: number, stepMs: number, count: number): string[] {
  const key = `${first}|${stepMs}|${count}`;
  const known = recentTimes.get(key);
  if (known) return known;
  const times = Array.from({ length: count }, (_, i) => formatBeijingTime(first + i * stepMs));
  if (recentTimes.size >= RECENT_TIMES_LIMIT) recentTimes.delete(recentTimes.keys().next().value!);
  recentTimes.set(key, times);
  return times;
}

/**
 * Traffic statistics from the deterministic model (traffic-model.ts). StartTime and EndTime are rounded down to
 * the Interval and both points are included; each point covers [Time, Time + Interval) ("forward-aggregated").
 * Points after the clock's last whole minute are 0. Summaries: `sum` for counts and bytes, `max` for bandwidth,
 * `avg` for hit rates (hits over the range divided by the total, in percent with 2 decimals).
 */
export function describeCdnData(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const query = parseParams(Params, params);
  const { start, end } = parseStatRange(query.StartTime, query.EndTime);
  const rangeMs = end - start;
  if (rangeMs > MAX_RANGE_MS) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      'The range between StartTime and EndTime cannot exceed 90 days.',
    );
  }
  checkMetric(query.Metric);
  const interval = query.Interval ?? defaultInterval(rangeMs);
  const { stepMs } = checkInterval(interval, rangeMs, query.Area);
  if (query.Isp !== undefined && query.District !== undefined) {
    throw new ApiError('InvalidParameterValue', 'Isp and District cannot be used together.');
  }
  if (query.Detail && isStatusMetric(query.Metric)) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidMetric',
      `Detail is not supported for status code metrics (${query.Metric}); query one domain at a time instead.`,
    );
  }
  const scope = resolveStatDomains(ctx, query.Domains, query.Project);
  const floor = (ms: number) => (stepMs === DAY_MS ? beijingMidnight(ms) : ms - (ms % stepMs));
  const first = floor(start);
  const spec = { startMs: first, stepMs, count: (floor(end) - first) / stepMs + 1 };
  const times = pointTimes(first, stepMs, spec.count);
  const withCodes = isStatusMetric(query.Metric);
  // Each area reports what it served: a domain of the other area reads zero, a global one its part (traffic-buckets).
  const area = query.Area ?? 'mainland';
  const areaOf = new Map(scope.domains.map((domain) => [domain.domain, domain.area]));
  const shareFor = (profile: TrafficProfile): AreaShare => areaShare(areaOf.get(profile.domain), area);
  const groups = query.Detail
    ? scope.domains.map((domain) => ({ resource: domain.domain, domains: [domain] }))
    : [{ resource: scope.resource, domains: scope.domains }];
  return {
    Interval: interval,
    Data: groups.map((group) => ({
      Resource: group.resource,
      CdnData: serializedOnce(
        cachedCdnData(
          query.Metric,
          cachedTrafficBuckets(
            group.domains.map((domain) =>
              trafficProfile(domain.domain, ctx.state.incidents.get(domain.domain)),
            ),
            spec,
            ctx.now - ctx.state.reportLagMs,
            withCodes,
            shareFor,
          ),
          times,
        ),
      ),
    })),
  };
}
