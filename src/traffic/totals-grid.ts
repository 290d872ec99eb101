import type { Interval } from '../providers/traffic-types.ts';
import { alignToInterval, intervalStarts, type TimeRange } from '../time/time-range.ts';

const COARSER: readonly Interval[] = ['1min', '5min', 'hour', 'day'];

/**
 * The time grid series of several accounts are added up on: the starts of the coarsest interval any of them was
 * asked at, over `range` aligned to it (one account at 5 minutes and another hourly add up hourly). Empty when
 * no account was asked anything.
 */
export function totalsGrid(
  plans: readonly { interval: Interval }[],
  range: TimeRange,
  timeZone: string,
): number[] {
  let coarsest: Interval | undefined;
  for (const { interval } of plans) {
    if (!coarsest || COARSER.indexOf(interval) > COARSER.indexOf(coarsest)) coarsest = interval;
  }
  if (!coarsest) return [];
  return intervalStarts(alignToInterval(range, coarsest, timeZone), coarsest, timeZone);
}
