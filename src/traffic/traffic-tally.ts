import {
  type DomainSeries,
  RATE_VOLUME,
  type SeriesPoint,
  type TrafficMetric,
} from '../providers/traffic-types.ts';
import { bucketSeries } from './bucket-series.ts';

/**
 * What `summarizeTraffic` adds up, kept as running figures so series can be added up batch by batch as their answers
 * come and the batches put together at the end (`mergeTallies`): `stats all` over 500 domains then keeps a few grids
 * instead of every point of every domain, and has only its last batch left to add up when the last answer comes.
 *
 * One rule: a series is added whole, in one `tallyTraffic` (a domain's hit rate is weighted by the volume series
 * added with it). The figures are those of `summarizeTraffic` over all the series at once.
 */
export interface TrafficTally {
  metrics: readonly TrafficMetric[];
  /** The grid the sparkline series are put on; without it there are no grids. */
  starts: readonly number[] | undefined;
  volumes: Partial<Record<VolumeMetric, VolumeTally>>;
  bandwidth: BandwidthTally | undefined;
  rates: Partial<Record<RateMetric, RateTally>>;
}

type RateMetric = keyof typeof RATE_VOLUME;
type VolumeMetric = (typeof RATE_VOLUME)[RateMetric];

interface VolumeTally {
  series: number;
  total: number;
  /** Bucket sums; NaN where no series had a point. */
  grid: number[] | undefined;
}

interface BandwidthTally {
  series: number;
  /** The highest point of the first series: the peak when it stays the only one. */
  firstPeak: SeriesPoint | undefined;
  /** The bucket means of each series, added up; NaN where none had a point. */
  grid: number[] | undefined;
  /** Without a grid, several series peak where their sum does, point by point: they are kept for that. */
  kept: DomainSeries[];
}

interface RateTally {
  series: number;
  /** Whether every rate series came with its volume; if not, the plain means below are the figures. */
  weighted: boolean;
  numerator: number;
  denominator: number;
  sum: number;
  count: number;
  grid: RateGrid | undefined;
}

interface RateGrid {
  numerator: number[];
  denominator: number[];
  sum: number[];
  count: number[];
}

/**
 * Adds up `series` for `metrics`; see `TrafficTally`. With `starts`, the metrics in `gridded` (all, by default) are
 * put on that grid: what a reply draws, and bandwidth where the peak of several series is wanted on the grid.
 */
export function tallyTraffic(
  series: readonly DomainSeries[],
  metrics: readonly TrafficMetric[],
  starts?: readonly number[],
  gridded: readonly TrafficMetric[] = metrics,
): TrafficTally {
  const gridFor = (metric: TrafficMetric) => (starts && gridded.includes(metric) ? starts : undefined);
  const byMetric = new Map<TrafficMetric, DomainSeries[]>();
  for (const entry of series) {
    const same = byMetric.get(entry.metric);
    if (same) same.push(entry);
    else byMetric.set(entry.metric, [entry]);
  }
  const of = (metric: TrafficMetric) => byMetric.get(metric) ?? [];
  const tally: TrafficTally = { metrics, starts, volumes: {}, bandwidth: undefined, rates: {} };
  for (const metric of metrics) {
    switch (metric) {
      case 'flux':
      case 'request': {
        const matching = of(metric);
        const on = gridFor(metric);
        const grid = on ? nanGrid(on.length) : undefined;
        let total = 0;
        for (const entry of matching) {
          total += sumPoints(entry.points);
          if (on && grid) addInto(grid, bucketSeries(entry.points, on, 'sum'));
        }
        tally.volumes[metric] = { series: matching.length, total, grid };
        break;
      }
      case 'bandwidth': {
        const matching = of(metric);
        const on = gridFor(metric);
        const grid = on ? nanGrid(on.length) : undefined;
        if (on && grid) for (const entry of matching) addInto(grid, bucketSeries(entry.points, on, 'mean'));
        tally.bandwidth = {
          series: matching.length,
          firstPeak: matching[0] ? peakPoint(matching[0].points) : undefined,
          grid,
          kept: on ? [] : matching,
        };
        break;
      }
      case 'fluxHitRate':
      case 'requestHitRate':
        tally.rates[metric] = tallyRates(of(metric), of(RATE_VOLUME[metric]), gridFor(metric));
        break;
    }
  }
  return tally;
}

function tallyRates(
  rates: readonly DomainSeries[],
  volumes: readonly DomainSeries[],
  starts: readonly number[] | undefined,
): RateTally {
  // The first series of a domain is its weight, as a search would find it, without one search per rate.
  const weightOf = new Map<string, DomainSeries>();
  for (const entry of volumes) if (!weightOf.has(entry.domain)) weightOf.set(entry.domain, entry);
  const weights = rates.map((entry) => weightOf.get(entry.domain));
  const tally: RateTally = {
    series: rates.length,
    weighted: weights.every((weight) => weight !== undefined),
    numerator: 0,
    denominator: 0,
    sum: 0,
    count: 0,
    grid: starts
      ? {
          numerator: zeroGrid(starts.length),
          denominator: zeroGrid(starts.length),
          sum: zeroGrid(starts.length),
          count: zeroGrid(starts.length),
        }
      : undefined,
  };
  rates.forEach((entry, index) => {
    for (const point of entry.points) {
      if (!Number.isFinite(point.value)) continue;
      tally.sum += point.value;
      tally.count += 1;
    }
    const weight = weights[index];
    if (weight) addWeighted(tally, entry.points, weight.points);
    if (!tally.grid) return;
    const rateMeans = bucketSeries(entry.points, starts!, 'mean');
    const volumeSums = weight ? bucketSeries(weight.points, starts!, 'sum') : undefined;
    const grid = tally.grid;
    rateMeans.forEach((rate, bucket) => {
      if (!Number.isFinite(rate)) return;
      grid.sum[bucket]! += rate;
      grid.count[bucket]! += 1;
      const volume = volumeSums?.[bucket];
      if (volume === undefined || !Number.isFinite(volume)) return;
      grid.numerator[bucket]! += rate * volume;
      grid.denominator[bucket]! += volume;
    });
  });
  return tally;
}

/** The tallies of several batches as one, in the order given; all of the same metrics and grid. */
export function mergeTallies(
  tallies: readonly TrafficTally[],
  metrics: readonly TrafficMetric[],
  starts?: readonly number[],
  gridded: readonly TrafficMetric[] = metrics,
): TrafficTally {
  const merged = tallyTraffic([], metrics, starts, gridded);
  for (const tally of tallies) {
    for (const metric of ['flux', 'request'] as const) {
      const into = merged.volumes[metric];
      const from = tally.volumes[metric];
      if (!into || !from) continue;
      into.series += from.series;
      into.total += from.total;
      if (into.grid && from.grid) addInto(into.grid, from.grid);
    }
    if (merged.bandwidth && tally.bandwidth) {
      const into = merged.bandwidth;
      const from = tally.bandwidth;
      if (into.series === 0) into.firstPeak = from.firstPeak;
      into.series += from.series;
      if (into.grid && from.grid) addInto(into.grid, from.grid);
      into.kept.push(...from.kept);
    }
    for (const metric of ['fluxHitRate', 'requestHitRate'] as const) {
      const into = merged.rates[metric];
      const from = tally.rates[metric];
      if (!into || !from) continue;
      into.series += from.series;
      into.weighted &&= from.weighted;
      into.numerator += from.numerator;
      into.denominator += from.denominator;
      into.sum += from.sum;
      into.count += from.count;
      if (into.grid && from.grid) {
        plusInto(into.grid.numerator, from.grid.numerator);
        plusInto(into.grid.denominator, from.grid.denominator);
        plusInto(into.grid.sum, from.grid.sum);
        plusInto(into.grid.count, from.grid.count);
      }
    }
  }
  return merged;
}

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

/** The figures of the series a tally added up. */
export function summaryOfTally(tally: TrafficTally): TrafficSummary {
  const { starts } = tally;
  const summary: TrafficSummary = { grid: {} };
  for (const metric of tally.metrics) {
    switch (metric) {
      case 'flux':
      case 'request': {
        const volume = tally.volumes[metric]!;
        summary[metric] = volume.total;
        if (volume.grid) summary.grid[metric] = volume.series > 0 ? [...volume.grid] : [];
        break;
      }
      case 'bandwidth': {
        const bandwidth = tally.bandwidth!;
        if (bandwidth.series === 1) summary.peakBandwidth = copyPeak(bandwidth.firstPeak);
        if (!bandwidth.grid) {
          // Several series without a grid: the peak of their sum at each point in time.
          if (bandwidth.series > 1) summary.peakBandwidth = copyPeak(peakPoint(sumByTime(bandwidth.kept)));
          break;
        }
        const grid = bandwidth.series > 0 ? [...bandwidth.grid] : [];
        summary.grid.bandwidth = grid;
        if (bandwidth.series !== 1) summary.peakBandwidth = peakOnGrid(grid, starts!);
        break;
      }
      case 'fluxHitRate':
      case 'requestHitRate': {
        const rate = tally.rates[metric]!;
        summary[metric] = rate.weighted
          ? rate.denominator > 0
            ? rate.numerator / rate.denominator
            : Number.NaN
          : rate.count > 0
            ? rate.sum / rate.count
            : Number.NaN;
        if (!rate.grid) break;
        const grid = rate.grid;
        summary.grid[metric] =
          rate.series === 0
            ? []
            : grid.sum.map((_, bucket) => {
                if (rate.weighted) {
                  const denominator = grid.denominator[bucket]!;
                  return denominator > 0 ? grid.numerator[bucket]! / denominator : Number.NaN;
                }
                const count = grid.count[bucket]!;
                return count > 0 ? grid.sum[bucket]! / count : Number.NaN;
              });
        break;
      }
    }
  }
  return summary;
}

function nanGrid(length: number): number[] {
  return new Array<number>(length).fill(Number.NaN);
}

function zeroGrid(length: number): number[] {
  return new Array<number>(length).fill(0);
}

/** Adds `grid` into `totals` bucket by bucket; a bucket stays NaN only while every grid added had NaN there. */
function addInto(totals: number[], grid: readonly number[]): void {
  for (let index = 0; index < grid.length; index += 1) {
    const value = grid[index]!;
    if (!Number.isFinite(value)) continue;
    const total = totals[index]!;
    totals[index] = Number.isNaN(total) ? value : total + value;
  }
}

function plusInto(totals: number[], values: readonly number[]): void {
  for (let index = 0; index < values.length; index += 1) totals[index]! += values[index]!;
}

function sumPoints(points: readonly SeriesPoint[]): number {
  let total = 0;
  for (const point of points) if (Number.isFinite(point.value)) total += point.value;
  return total;
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

function peakPoint(points: readonly SeriesPoint[]): SeriesPoint | undefined {
  let peak: SeriesPoint | undefined;
  for (const point of points) {
    if (Number.isFinite(point.value) && (!peak || point.value > peak.value)) peak = point;
  }
  return peak;
}

function copyPeak(peak: SeriesPoint | undefined): { value: number; time: number } | undefined {
  return peak ? { value: peak.value, time: peak.time } : undefined;
}

function peakOnGrid(
  grid: readonly number[],
  starts: readonly number[],
): { value: number; time: number } | undefined {
  return copyPeak(peakPoint(grid.map((value, index) => ({ value, time: starts[index]! }))));
}

/** Adds Σ rate × volume and Σ volume over the points where both are known, paired by time, to `tally`. */
function addWeighted(tally: RateTally, rates: readonly SeriesPoint[], weights: readonly SeriesPoint[]): void {
  // Series of one answer share their times point for point; a map by time is built only when they do not (500
  // domains' rates would otherwise build 2,000 maps of a few hundred points).
  const aligned =
    rates.length === weights.length && rates.every((point, index) => point.time === weights[index]!.time);
  const weightAt = aligned ? undefined : new Map(weights.map((point) => [point.time, point.value]));
  for (const [index, point] of rates.entries()) {
    const weight = weightAt ? weightAt.get(point.time) : weights[index]!.value;
    if (!Number.isFinite(point.value) || weight === undefined || !Number.isFinite(weight)) continue;
    tally.numerator += point.value * weight;
    tally.denominator += weight;
  }
}
