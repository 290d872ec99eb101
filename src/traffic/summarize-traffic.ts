import type { DomainSeries, SeriesPoint, TrafficMetric } from '../providers/traffic-types.ts';
import { bucketSeries } from './bucket-series.ts';

/** What `stats` shows for one domain or for several added up. A metric that was not asked for is absent. */
export interface TrafficSummary {
  /** Bytes. */
  flux?: number;
  request?: number;
  /** Bits per second at the busiest point, and when (the start of that interval). */
  peakBandwidth?: { value: number; time: number } | undefined;
  /** Percent; NaN when there was no traffic to have a hit rate. */
  fluxHitRate?: number;
  requestHitRate?: number;
  /** Each asked metric on the grid, for a sparkline. */
  grid: Partial<Record<TrafficMetric, number[]>>;
}

/** The volume a hit rate is a share of: a rate over several intervals or domains is weighted by it. */
const RATE_WEIGHT = { fluxHitRate: 'flux', requestHitRate: 'request' } as const;

/**
 * Adds up `series` (one domain's, or every domain's) for the metrics asked:
 *
 * - flux and requests are sums of every point;
 * - peak bandwidth is the highest point of the bandwidth series added up per grid bucket (for one series, its
 *   highest point);
 * - a hit rate is weighted by its volume (fluxHitRate by flux, requestHitRate by requests) at each point when
 *   that volume was fetched too, which is what the provider's own overall figure means; otherwise the plain mean
 *   of the points.
 *
 * `starts` is the grid the sparkline series are put on (`intervalStarts` of the range). Without it there are no
 * grids: a figure that is never drawn (a by-domain line of `stats all`) need not put 500 domains' points on one.
 */
export function summarizeTraffic(
  series: readonly DomainSeries[],
  metrics: readonly TrafficMetric[],
  starts?: readonly number[],
): TrafficSummary {
  const byMetric = new Map<TrafficMetric, DomainSeries[]>();
  for (const entry of series) {
    const same = byMetric.get(entry.metric);
    if (same) same.push(entry);
    else byMetric.set(entry.metric, [entry]);
  }
  const of = (metric: TrafficMetric) => byMetric.get(metric) ?? [];
  const summary: TrafficSummary = { grid: {} };
  for (const metric of metrics) {
    switch (metric) {
      case 'flux':
      case 'request': {
        const matching = of(metric);
        summary[metric] = matching.reduce((total, entry) => total + sumPoints(entry.points), 0);
        if (starts)
          summary.grid[metric] = addUp(matching.map((entry) => bucketSeries(entry.points, starts, 'sum')));
        break;
      }
      case 'bandwidth': {
        const matching = of(metric);
        if (matching.length === 1) summary.peakBandwidth = peakPoint(matching[0]!.points);
        if (!starts) {
          // Several series without a grid: the peak of their sum at each point in time.
          if (matching.length > 1) summary.peakBandwidth = peakPoint(sumByTime(matching));
          break;
        }
        const grid = addUp(matching.map((entry) => bucketSeries(entry.points, starts, 'mean')));
        summary.grid.bandwidth = grid;
        if (matching.length !== 1) summary.peakBandwidth = peakOnGrid(grid, starts);
        break;
      }
      case 'fluxHitRate':
      case 'requestHitRate': {
        const rates = of(metric);
        // The first series of a domain is its weight, as a search would find it, without one search per rate.
        const weightOf = new Map<string, DomainSeries>();
        for (const entry of of(RATE_WEIGHT[metric])) {
          if (!weightOf.has(entry.domain)) weightOf.set(entry.domain, entry);
        }
        const weights = rates.map((entry) => weightOf.get(entry.domain));
        const weighted = weights.every((weight) => weight !== undefined);
        summary[metric] = weighted
          ? weightedRate(
              rates.map((entry, index) => ({ rates: entry.points, weights: weights[index]!.points })),
            )
          : meanOf(rates.flatMap((entry) => entry.points.map((point) => point.value)));
        if (!starts) break;
        summary.grid[metric] = rateGrid(
          rates.map((entry) => bucketSeries(entry.points, starts, 'mean')),
          weighted ? weights.map((weight) => bucketSeries(weight!.points, starts, 'sum')) : undefined,
        );
        break;
      }
    }
  }
  return summary;
}

function sumByTime(series: readonly DomainSeries[]): SeriesPoint[] {
  const total = new Map<number, number>();
  for (const entry of series) {
    for (const point of entry.points) {
      if (Number.isFinite(point.value)) total.set(point.time, (total.get(point.time) ?? 0) + point.value);
    }
  }
  return [...total].map(([time, value]) => ({ time, value }));
}

function sumPoints(points: readonly SeriesPoint[]): number {
  return points.reduce((total, point) => (Number.isFinite(point.value) ? total + point.value : total), 0);
}

/** Bucket-wise sum of several grids; a bucket is NaN only when every grid is. */
function addUp(grids: readonly number[][]): number[] {
  const length = Math.max(0, ...grids.map((grid) => grid.length));
  const totals = new Array<number>(length).fill(Number.NaN);
  // Grid by grid rather than bucket by bucket: 2,500 grids of a digest or `stats all` read in the order they are laid.
  for (const grid of grids) {
    for (let index = 0; index < grid.length; index += 1) {
      const value = grid[index]!;
      if (!Number.isFinite(value)) continue;
      const total = totals[index]!;
      totals[index] = Number.isNaN(total) ? value : total + value;
    }
  }
  return totals;
}

function peakPoint(points: readonly SeriesPoint[]): { value: number; time: number } | undefined {
  let peak: SeriesPoint | undefined;
  for (const point of points) {
    if (Number.isFinite(point.value) && (!peak || point.value > peak.value)) peak = point;
  }
  return peak ? { value: peak.value, time: peak.time } : undefined;
}

function peakOnGrid(
  grid: readonly number[],
  starts: readonly number[],
): { value: number; time: number } | undefined {
  return peakPoint(grid.map((value, index) => ({ value, time: starts[index]! })));
}

function weightedRate(
  pairs: readonly { rates: readonly SeriesPoint[]; weights: readonly SeriesPoint[] }[],
): number {
  let numerator = 0;
  let denominator = 0;
  for (const { rates, weights } of pairs) {
    // Series of one answer share their times point for point; a map by time is built only when they do not (500
    // domains' rates would otherwise build 2,000 maps of a few hundred points).
    const aligned =
      rates.length === weights.length && rates.every((point, index) => point.time === weights[index]!.time);
    const weightAt = aligned ? undefined : new Map(weights.map((point) => [point.time, point.value]));
    for (const [index, point] of rates.entries()) {
      const weight = weightAt ? weightAt.get(point.time) : weights[index]!.value;
      if (!Number.isFinite(point.value) || weight === undefined || !Number.isFinite(weight)) continue;
      numerator += point.value * weight;
      denominator += weight;
    }
  }
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

function meanOf(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((total, value) => total + value, 0) / finite.length : Number.NaN;
}

/** Bucket-wise hit rate over several series: weighted by the bucket's volume when known, else the plain mean. */
function rateGrid(rates: readonly number[][], weights: readonly number[][] | undefined): number[] {
  const length = Math.max(0, ...rates.map((grid) => grid.length));
  return Array.from({ length }, (_, index) => {
    if (weights) {
      let numerator = 0;
      let denominator = 0;
      rates.forEach((grid, series) => {
        const rate = grid[index];
        const weight = weights[series]?.[index];
        if (rate === undefined || weight === undefined || !Number.isFinite(rate) || !Number.isFinite(weight))
          return;
        numerator += rate * weight;
        denominator += weight;
      });
      return denominator > 0 ? numerator / denominator : Number.NaN;
    }
    return meanOf(rates.map((grid) => grid[index] ?? Number.NaN));
  });
}
