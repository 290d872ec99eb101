import type { SeriesPoint } from '../providers/traffic-types.ts';

/**
 * A series on a fixed time grid: each point goes to the last bucket starting at or before its time (`starts`
 * ascending, as `intervalStarts` gives them), and each bucket is the `sum` (flux, requests) or the `mean`
 * (bandwidth, rates) of its points. A bucket no point fell in is NaN, so a sparkline shows the gap; points before
 * the first bucket are outside the range and dropped.
 *
 * This is how series of different intervals (one account at 5 minutes, another hourly) add up on one axis.
 */
export function bucketSeries(
  points: readonly SeriesPoint[],
  starts: readonly number[],
  mode: 'sum' | 'mean',
): number[] {
  if (onTheGrid(points, starts)) {
    // One point per bucket, as a series asked at the grid's own interval has: its sum and its mean are that point.
    return points.map((point) => (Number.isFinite(point.value) ? point.value : Number.NaN));
  }
  const sums = new Array<number>(starts.length).fill(0);
  const counts = new Array<number>(starts.length).fill(0);
  // Points come in time order, so the bucket is found by stepping on from the last point's; a point earlier than
  // the last falls back to a search. `stats all` puts 2,500 series of 576 points on its totals grid.
  let index = -1;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const point of points) {
    if (!Number.isFinite(point.value)) continue;
    if (point.time < lastTime) index = bucketIndex(starts, point.time);
    else while (index + 1 < starts.length && starts[index + 1]! <= point.time) index += 1;
    lastTime = point.time;
    if (index < 0) continue;
    sums[index]! += point.value;
    counts[index]! += 1;
  }
  return sums.map((sum, index) => {
    const count = counts[index]!;
    if (count === 0) return Number.NaN;
    return mode === 'sum' ? sum : sum / count;
  });
}

/** The last index whose start is at or before `time`, or -1. */
function bucketIndex(starts: readonly number[], time: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! <= time) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function onTheGrid(points: readonly SeriesPoint[], starts: readonly number[]): boolean {
  if (points.length !== starts.length) return false;
  for (let index = 0; index < points.length; index += 1) {
    if (points[index]!.time !== starts[index]) return false;
  }
  return true;
}
