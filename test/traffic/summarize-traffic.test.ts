import { describe, expect, it } from 'vitest';
import type { DomainSeries, TrafficMetric } from '../../src/providers/traffic-types.ts';
import { summarizeTraffic } from '../../src/traffic/summarize-traffic.ts';

const T0 = Date.UTC(2026, 10, 22, 16);
const HOUR = 3_600_000;
const GRID = [T0, T0 + HOUR, T0 + 2 * HOUR];

function series(domain: string, metric: TrafficMetric, values: number[], step = HOUR): DomainSeries {
  return { domain, metric, points: values.map((value, index) => ({ time: T0 + index * step, value })) };
}

describe('summarizeTraffic', () => {
  it('adds up flux and requests over every point and domain', () => {
    const summary = summarizeTraffic(
      [series('a', 'flux', [1, 2, 3]), series('b', 'flux', [10, 0, 0]), series('a', 'request', [5, 5, 5])],
      ['flux', 'request'],
      GRID,
    );

    expect(summary.flux).toBe(16);
    expect(summary.request).toBe(15);
    expect(summary.grid.flux).toEqual([11, 2, 3]);
  });

  it('finds one domain’s peak bandwidth at its exact point', () => {
    const summary = summarizeTraffic([series('a', 'bandwidth', [5, 9, 7])], ['bandwidth'], GRID);

    expect(summary.peakBandwidth).toEqual({ value: 9, time: T0 + HOUR });
  });

  it('finds the peak of several domains on their sum, not the highest single domain', () => {
    const summary = summarizeTraffic(
      [series('a', 'bandwidth', [9, 1, 1]), series('b', 'bandwidth', [0, 6, 6])],
      ['bandwidth'],
      GRID,
    );

    expect(summary.peakBandwidth).toEqual({ value: 9, time: T0 });
    expect(summary.grid.bandwidth).toEqual([9, 7, 7]);
  });

  it('puts a finer series on a coarser grid: sums for volumes, means for bandwidth', () => {
    const quarter = HOUR / 4;

    const summary = summarizeTraffic(
      [
        series('a', 'flux', [1, 1, 1, 1, 2, 2, 2, 2], quarter),
        series('a', 'bandwidth', [4, 8, 4, 8], quarter),
      ],
      ['flux', 'bandwidth'],
      GRID,
    );

    expect(summary.grid.flux).toEqual([4, 8, Number.NaN]);
    expect(summary.grid.bandwidth).toEqual([6, Number.NaN, Number.NaN]);
  });

  it('weights a hit rate by the traffic it is a share of', () => {
    const summary = summarizeTraffic(
      [series('a', 'flux', [900, 100, 0]), series('a', 'fluxHitRate', [100, 0, 50])],
      ['flux', 'fluxHitRate'],
      GRID,
    );

    expect(summary.fluxHitRate).toBe(90);
    expect(summary.grid.fluxHitRate).toEqual([100, 0, Number.NaN]);
  });

  it('weights a hit rate by the traffic at the same time when the two series do not line up point for point', () => {
    const flux: DomainSeries = {
      domain: 'a',
      metric: 'flux',
      points: [
        { time: T0 + 2 * HOUR, value: 100 },
        { time: T0, value: 900 },
      ],
    };
    const summary = summarizeTraffic(
      [flux, series('a', 'fluxHitRate', [100, 0, 0])],
      ['flux', 'fluxHitRate'],
      GRID,
    );

    expect(summary.fluxHitRate).toBe(90);
  });

  it('averages a hit rate plainly when its volume was not asked for', () => {
    const summary = summarizeTraffic(
      [series('a', 'requestHitRate', [90, 100, 95])],
      ['requestHitRate'],
      GRID,
    );

    expect(summary.requestHitRate).toBe(95);
  });

  it('leaves out the metrics not asked for, and has no hit rate without traffic', () => {
    const summary = summarizeTraffic(
      [series('a', 'flux', [0, 0, 0]), series('a', 'fluxHitRate', [0, 0, 0])],
      ['flux', 'fluxHitRate'],
      GRID,
    );

    expect(summary.request).toBeUndefined();
    expect(summary.peakBandwidth).toBeUndefined();
    expect(summary.fluxHitRate).toBeNaN();
  });

  it('without a grid (a by-domain line) gives the same figures and draws nothing', () => {
    const given = [
      series('a', 'bandwidth', [9, 1, 1]),
      series('b', 'bandwidth', [0, 6, 6]),
      series('a', 'flux', [1, 2, 3]),
      series('a', 'fluxHitRate', [50, 100, 100]),
    ];
    const metrics: TrafficMetric[] = ['bandwidth', 'flux', 'fluxHitRate'];

    const withGrid = summarizeTraffic(given, metrics, GRID);
    const figuresOnly = summarizeTraffic(given, metrics);

    expect(figuresOnly.peakBandwidth).toEqual({ value: 9, time: T0 });
    expect(figuresOnly.flux).toBe(withGrid.flux);
    expect(figuresOnly.fluxHitRate).toBe(withGrid.fluxHitRate);
    expect(figuresOnly.grid).toEqual({});
  });
});
