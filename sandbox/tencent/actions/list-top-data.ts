import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { parseParams } from '../parse-params.ts';
import { resolveStatDomains } from '../stat-domains.ts';
import { beijingMidnight, DAY_MS, MINUTE_MS, parseStatRange, retentionStart } from '../stat-time.ts';
import {
  type AreaShare,
  areaShare,
  cachedTrafficBuckets,
  shareOf,
  type TrafficBuckets,
} from '../traffic-buckets.ts';
import { rangeTraffic, type TrafficProfile, trafficProfile, urlCatalogue } from '../traffic-model.ts';
import type { DomainState } from '../types.ts';

const FIVE_MINUTES_MS = 5 * MINUTE_MS;

const Params = z.strictObject({
  StartTime: z.string(),
  EndTime: z.string(),
  Metric: z.string(),
  Filter: z.string(),
  Domains: z.array(z.string()).optional(),
  Project: z.int().optional(),
  Detail: z.boolean().optional(),
  Code: z.string().optional(),
  Area: z.enum(['mainland', 'overseas']).optional(),
  AreaType: z.enum(['server', 'client']).optional(),
  Product: z.enum(['cdn', 'ecdn']).optional(),
  Limit: z.int().min(1).max(1000).optional(),
});

/** Metrics Tencent documents that the sandbox does not model: refused as unsupported, not as invalid. */
const UNMODELLED_METRICS = new Set(['district', 'isp', 'originHost']);
/** Filters of Metric `host` the sandbox models: domains ranked by traffic, requests or a status-code class. */
const HOST_FILTERS = new Set(['flux', 'request', '2XX', '3XX', '4XX', '5XX']);
const RETENTION_DAYS = 90;

interface TopEntry {
  Name: string;
  Value: number;
}

/**
 * domainTop's answers for the last few distinct questions. Adding up a day minute by minute for each of 30 domains
 * took the one-process sandbox about 25 ms a call, CPU that real Tencent spends on its own machines, answering from
 * statistics it keeps; here it competed with the bot for the same two cores. Never mutated by readers.
 */
const recentTops = new Map<string, readonly TopEntry[]>();
const RECENT_TOPS_LIMIT = 1_200;

/**
 * One domain's URLs with their share of its traffic in the range: requests split by the catalogue's Zipf weights,
 * bytes by weight × object size. Names are `<domain><path>`, so lists of several domains merge without clashes.
 */
function domainTop(
  domain: DomainState,
  filter: 'flux' | 'request',
  range: { start: number; end: number; now: number },
  share: AreaShare,
): readonly TopEntry[] {
  const { start, end, now } = range;
  // rangeTraffic counts whole minutes up to the earlier of `end` and `now`: that minute is all `now` changes.
  const key = `${domain.domain}|${filter}|${share}|${start}|${Math.floor(Math.min(end, now) / MINUTE_MS)}`;
  const known = recentTops.get(key);
  if (known) return known;
  const answer = workOutDomainTop(domain, filter, range, share);
  if (recentTops.size >= RECENT_TOPS_LIMIT) recentTops.delete(recentTops.keys().next().value!);
  recentTops.set(key, answer);
  return answer;
}

function workOutDomainTop(
  domain: DomainState,
  filter: 'flux' | 'request',
  range: { start: number; end: number; now: number },
  share: AreaShare,
): TopEntry[] {
  if (share === 'none') return [];
  const profile = trafficProfile(domain.domain);
  const total = rangeTraffic(profile, range.start, range.end, range.now);
  const urls = urlCatalogue(profile);
  const catalogue = Array.from({ length: urls.count }, (_, rank) => urls.at(rank));
  const mass = (entry: { weight: number; bytes: number }) =>
    filter === 'request' ? entry.weight : entry.weight * entry.bytes;
  const totalMass = catalogue.reduce((acc, entry) => acc + mass(entry), 0);
  // The area's part of the domain's traffic, split over its URLs alike.
  const amount = shareOf(filter === 'request' ? total.request : total.flux, share);
  return catalogue
    .map((entry) => ({
      Name: `${domain.domain}${entry.path}`,
      Value: Math.floor((amount * mass(entry)) / totalMass),
    }))
    .filter((entry) => entry.Value > 0);
}

function topOf(entries: TopEntry[], limit: number): TopEntry[] {
  return entries
    .sort((a, b) => b.Value - a.Value || (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
    .slice(0, limit);
}

/**
 * Top URLs by flux or requests (Metric `url` only). StartTime counts to the minute; EndTime to the day, so the
 * range runs to 23:59:59 of EndTime's day, as Tencent documents. Only the last 90 days (whole Beijing days).
 * Limit defaults to 100, at most 1000. Entries with no traffic are left out. `Area` (mainland unless given) ranks what
 * that area served, as DescribeCdnData counts it.
 */
export function listTopData(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const query = parseParams(Params, params);
  if (UNMODELLED_METRICS.has(query.Metric)) {
    throw new ApiError(
      'UnsupportedOperation',
      `The sandbox answers ListTopData for Metric url and host only.`,
    );
  }
  if (query.Metric === 'host') return hostRanking(query, ctx);
  if (query.Metric !== 'url') {
    throw new ApiError(
      'InvalidParameter.CdnInvalidParamMetric',
      `Metric \`${query.Metric}\` is not supported: use url, district, isp, host or originHost.`,
    );
  }
  if (query.Filter !== 'flux' && query.Filter !== 'request') {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidFilter',
      `Filter \`${query.Filter}\` is not supported for Metric url: use flux or request.`,
    );
  }
  const range = parseStatRange(query.StartTime, query.EndTime);
  if (range.start < retentionStart(ctx.now, RETENTION_DAYS)) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `ListTopData only covers the last ${RETENTION_DAYS} days; StartTime ${query.StartTime} is older.`,
    );
  }
  const start = range.start - (range.start % MINUTE_MS);
  const end = beijingMidnight(range.end) + DAY_MS;
  const scope = resolveStatDomains(ctx, query.Domains, query.Project);
  const limit = query.Limit ?? 100;
  const filter = query.Filter;
  // Each area ranks what it served: a domain of the other area lists nothing, a global one its part.
  const area = query.Area ?? 'mainland';
  const top = (domains: DomainState[]) =>
    topOf(
      domains.flatMap((domain) =>
        domainTop(domain, filter, { start, end, now: ctx.now }, areaShare(domain.area, area)),
      ),
      limit,
    );
  const data = query.Detail
    ? scope.domains.map((domain) => ({ Resource: domain.domain, DetailData: top([domain]) }))
    : [{ Resource: scope.resource, DetailData: top(scope.domains) }];
  return { Data: data };
}

/**
 * Metric `host`: the asked domains ranked by Filter over the range (one list, `Detail` does not apply), those with
 * nothing left out, as Tencent lists only domains with data. Status-code classes count every code of the class.
 */
function hostRanking(query: z.infer<typeof Params>, ctx: ActionContext): Record<string, unknown> {
  if (
    !HOST_FILTERS.has(query.Filter) &&
    query.Filter !== 'bandwidth' &&
    query.Filter !== 'fluxHitRate' &&
    query.Filter !== 'statusCode'
  ) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidFilter',
      `Filter \`${query.Filter}\` is not supported for Metric host: use flux, request, bandwidth, fluxHitRate, 2XX, 3XX, 4XX, 5XX or statusCode.`,
    );
  }
  if (!HOST_FILTERS.has(query.Filter)) {
    throw new ApiError(
      'UnsupportedOperation',
      `The sandbox does not model Filter ${query.Filter} for Metric host.`,
    );
  }
  const range = parseStatRange(query.StartTime, query.EndTime);
  if (range.start < retentionStart(ctx.now, RETENTION_DAYS)) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `ListTopData only covers the last ${RETENTION_DAYS} days; StartTime ${query.StartTime} is older.`,
    );
  }
  const start = range.start - (range.start % MINUTE_MS);
  const end = beijingMidnight(range.end) + DAY_MS;
  const scope = resolveStatDomains(ctx, query.Domains, query.Project);
  // The same model, incidents, report lag and area shares as DescribeCdnData, so the two agree on every domain.
  const area = query.Area ?? 'mainland';
  const shareFor = (profile: TrafficProfile): AreaShare =>
    areaShare(scope.domains.find((domain) => domain.domain === profile.domain)?.area, area);
  // One bucket over the range when it is whole 5-minute windows, else one per minute (a bucket's windows are 5 minutes).
  const stepMs = (end - start) % FIVE_MINUTES_MS === 0 ? end - start : MINUTE_MS;
  const spec = { startMs: start, stepMs, count: (end - start) / stepMs };
  const byClass = query.Filter.endsWith('XX');
  const entries = scope.domains.map((domain) => {
    const buckets = cachedTrafficBuckets(
      [trafficProfile(domain.domain, ctx.state.incidents.get(domain.domain))],
      spec,
      ctx.now - ctx.state.reportLagMs,
      byClass,
      shareFor,
    );
    const value = byClass
      ? classCount(buckets, query.Filter[0]!)
      : sum(query.Filter === 'flux' ? buckets.flux : buckets.request);
    return { Name: domain.domain, Value: value };
  });
  const limit = query.Limit ?? 100;
  return {
    Data: [
      {
        Resource: scope.resource,
        DetailData: topOf(
          entries.filter((entry) => entry.Value > 0),
          limit,
        ),
      },
    ],
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, value) => acc + value, 0);
}

/** Requests answered with a code of class `digit` (e.g. `5`) over the buckets. */
function classCount(buckets: TrafficBuckets, digit: string): number {
  let count = 0;
  for (const [code, series] of buckets.codes) if (code.startsWith(digit)) count += sum(series);
  return count;
}
