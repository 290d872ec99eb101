import { describe, expect, it } from 'vitest';
import type { DomainSeries, TrafficMetric } from '../../src/providers/traffic-types.ts';
import { summarizeTraffic } from '../../src/traffic/summarize-traffic.ts';
import { mergeTallies, summaryOfTally, tallyTraffic } from '../../src/traffic/traffic-tally.ts';

const T0 = Date.UTC(2026, 10, 22, 16);
const FIVE_MINUTES = 300_000;
const HOUR = 3_600_000;
const METRICS: TrafficMetric[] = ['flux', 'bandwidth', 'request', 'fluxHitRate', 'requestHitRate'];

/** A domain's five series over `points` 5-minute points, from a seed, as a batch answer would carry them. */
function domainSeries(domain: string, seed: number, points: number): DomainSeries[] {
  const value = (metric: number, index: number) =>
    ((seed * 7919 + metric * 104_729 + index * 1_299_709) % 1000) + 1;
  return METRICS.map((metric, m) => ({
    domain,
    metric,
    points: Array.from({ length: points }, (_, index) => ({
      time: T0 + index * FIVE_MINUTES,
      value: metric.endsWith('HitRate') ? value(m, index) / 10 : value(m, index),
    })),
  }));
}

describe('tallyTraffic and mergeTallies', () => {
  it('adding up batch by batch as answers come gives the figures of adding up every series at once', () => {
    const hourly = Array.from({ length: 6 }, (_, index) => T0 + index * HOUR);
    const batches = [0, 1, 2].map((batch) =>
      Array.from({ length: 4 }, (_, index) =>
        domainSeries(`d${batch}-${index}.example.com`, batch * 4 + index, 72),
      ).flat(),
    );

    const together = summarizeTraffic(batches.flat(), METRICS, hourly);
    const byBatch = summaryOfTally(
      mergeTallies(
        batches.map((series) => tallyTraffic(series, METRICS, hourly)),
        METRICS,
        hourly,
      ),
    );

    for (const metric of ['flux', 'request'] as const) expect(byBatch[metric]).toBe(together[metric]);
    // Sums in another order differ in the last bits only.
    expect(byBatch.peakBandwidth!.time).toBe(together.peakBandwidth!.time);
    expect(byBatch.peakBandwidth!.value).toBeCloseTo(together.peakBandwidth!.value, 6);
    for (const metric of ['fluxHitRate', 'requestHitRate'] as const) {
      expect(byBatch[metric]).toBeCloseTo(together[metric]!, 9);
    }
    for (const metric of METRICS) {
      expect(byBatch.grid[metric]).toHaveLength(hourly.length);
      byBatch.grid[metric]!.forEach((bucket, index) => {
        expect(bucket).toBeCloseTo(together.grid[metric]![index]!, 6);
      });
    }
  });

  it('keeps one domain’s exact peak when only one batch had bandwidth, and none from empty batches', () => {
    const hourly = [T0, T0 + HOUR];
    const one = domainSeries('a.example.com', 3, 24);
    const peak = one
      .find((series) => series.metric === 'bandwidth')!
      .points.reduce((best, point) => (point.value > best.value ? point : best));

    const merged = summaryOfTally(
      mergeTallies(
        [
          tallyTraffic([], METRICS, hourly),
          tallyTraffic(one, METRICS, hourly),
          tallyTraffic([], METRICS, hourly),
        ],
        METRICS,
        hourly,
      ),
    );

    expect(merged.peakBandwidth).toEqual({ value: peak.value, time: peak.time });
    expect(summaryOfTally(mergeTallies([], METRICS, hourly))).toEqual(summarizeTraffic([], METRICS, hourly));
  });

  it('falls back to the plain mean of hit rates for every batch once one batch lacked the traffic to weigh them', () => {
    const weighed = domainSeries('a.example.com', 1, 12);
    const unweighed = domainSeries('b.example.com', 2, 12).filter((series) => series.metric !== 'flux');

    const merged = summaryOfTally(
      mergeTallies([tallyTraffic(weighed, METRICS), tallyTraffic(unweighed, METRICS)], METRICS),
    );

    expect(merged.fluxHitRate).toBeCloseTo(
      summarizeTraffic([...weighed, ...unweighed], METRICS).fluxHitRate!,
      9,
    );
    const rates = [...weighed, ...unweighed].filter((series) => series.metric === 'fluxHitRate');
    const values = rates.flatMap((series) => series.points.map((point) => point.value));
    expect(merged.fluxHitRate).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 9);
  });
});
