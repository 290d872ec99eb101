import { describe, expect, it } from 'vitest';
import { bucketSeries } from '../../src/traffic/bucket-series.ts';

describe('bucketSeries', () => {
  const starts = [0, 10, 20];

  it('sums or averages the points that fall in each bucket', () => {
    const points = [0, 5, 10, 15, 20].map((time) => ({ time, value: time }));

    expect(bucketSeries(points, starts, 'sum')).toEqual([5, 25, 20]);
    expect(bucketSeries(points, starts, 'mean')).toEqual([2.5, 12.5, 20]);
  });

  it('leaves empty buckets NaN and drops points before the first bucket or not numbers', () => {
    const points = [
      { time: -5, value: 100 },
      { time: 21, value: 3 },
      { time: 22, value: Number.NaN },
    ];

    expect(bucketSeries(points, starts, 'sum')).toEqual([Number.NaN, Number.NaN, 3]);
  });

  it('puts points that come out of time order in their own buckets too', () => {
    // Joined pieces or a provider's odd order: a point before the last one still goes where its time says.
    const points = [25, 12, 3, 11, 27, -1].map((time) => ({ time, value: 1 }));

    expect(bucketSeries(points, starts, 'sum')).toEqual([1, 2, 2]);
  });
});
