/**
 * Traffic statistics and logs as every provider reports them to cdnops (issue 4). Times are epoch ms; a point's
 * time is the start of its interval ("forward-aggregated": 13:35 covers 13:35:00–13:39:59).
 */

/** flux in bytes, bandwidth in bits per second, request a count, hit rates in percent (0–100). */
export type TrafficMetric = 'flux' | 'bandwidth' | 'request' | 'fluxHitRate' | 'requestHitRate';

/**
 * The volume each hit rate is a share of: a rate over several intervals, areas or domains is weighted by it, so it
 * is asked with the rate wherever rates are added up.
 */
export const RATE_VOLUME = { fluxHitRate: 'flux', requestHitRate: 'request' } as const satisfies Partial<
  Record<TrafficMetric, TrafficMetric>
>;

/** The volume `metric` is weighted by, when it is a hit rate. */
export function volumeOf(metric: TrafficMetric): TrafficMetric | undefined {
  return metric === 'fluxHitRate' || metric === 'requestHitRate' ? RATE_VOLUME[metric] : undefined;
}

export type Interval = '1min' | '5min' | 'hour' | 'day';

export interface TrafficQuery {
  /** At most the provider's per-call limit (Tencent 30, Wangsu 20); callers batch. */
  domains: readonly string[];
  /** Inclusive start and exclusive end, epoch ms, already aligned to `interval`. */
  from: number;
  to: number;
  interval: Interval;
  /**
   * Metrics wanted only added up over the call's domains (a digest's comparison needs its bandwidth only for the
   * peak of the totals). A provider that can add them up on request (`addsUpOnRequest`) answers each with one series
   * for the batch (`domains` set), a thirtieth of the answer; the others answer as usual.
   */
  pooled?: readonly TrafficMetric[];
}

export interface SeriesPoint {
  time: number;
  value: number;
}

export interface DomainSeries {
  domain: string;
  metric: TrafficMetric;
  points: SeriesPoint[];
  /**
   * Set when the provider sums several domains into one series and cannot split them (Wangsu's flow, bandwidth and
   * request reports add up the domains of one call): the domains this series covers. `domain` then names the batch.
   */
  domains?: string[];
}

export interface StatusCodeCount {
  /** A specific code like `404`, or a class total like `4xx`. */
  code: string;
  total: number;
  points: SeriesPoint[];
}

/** Requests of one status-code class a domain answered over a range (see CdnProvider.intervalClassCounts). */
export interface DomainClassCount {
  domain: string;
  count: number;
  /** False when `count` is only an upper bound: the caller's `needsExact` let the exact count go unasked. */
  exact: boolean;
}

/**
 * Asked with a domain's upper bound for a range's class count (everything the provider counted from the range's
 * start on): whether the exact count is still worth its call. Without it every count is exact.
 */
export type NeedsExactCount = (domain: string, atMost: number) => boolean;

export interface DomainStatusCodes {
  domain: string;
  codes: StatusCodeCount[];
}

export interface TopEntry {
  /** The URL (or path) as the provider names it. */
  name: string;
  value: number;
}

/** One domain's ranking of its own URLs. */
export interface DomainTopUrls {
  domain: string;
  entries: TopEntry[];
}

export interface LogPackage {
  domain: string;
  /** Epoch ms covered by the package. */
  start: number;
  end: number;
  /** Download link; providers expire them (Tencent: one day). */
  url: string;
  /** Bytes, when the provider says. */
  size: number | undefined;
  name: string;
}

/** What a provider can answer, so a range it cannot serve is refused before any call. */
export interface TrafficLimits {
  /** Longest range one query may span. */
  maxRangeMs: number;
  /** How far back data is kept. */
  retentionMs: number;
  /** Domains per call. */
  maxDomainsPerCall: number;
  /** Intervals offered, with the longest range each allows. */
  intervals: Partial<Record<Interval, number>>;
  /** How far back log packages are kept. */
  logRetentionMs: number;
  /** Where the status-code report answers less than the traffic report (Wangsu: 7 days, within the last 183). */
  statusCodes?: { maxRangeMs: number; retentionMs: number };
  /**
   * Set when the traffic report adds up the domains of one call and cannot split them (Wangsu's flow, bandwidth and
   * request reports): per-domain traffic would cost a call per domain. Status codes still come per domain.
   */
  pooledTraffic?: boolean;
  /** Set when a call can add up its domains when asked (Tencent without `Detail`): see `TrafficQuery.pooled`. */
  addsUpOnRequest?: boolean;
  /**
   * The account's call budget, where per-domain figures of a pooled report cost one call per domain (Wangsu: 300
   * calls per 5 minutes, reference §4): alert rules spend only a share of it that way (measure-watch.ts).
   */
  accountBudget?: { calls: number; windowMs: number };
}
