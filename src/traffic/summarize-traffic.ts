import type { DomainSeries, TrafficMetric } from '../providers/traffic-types.ts';
import { summaryOfTally, type TrafficSummary, tallyTraffic } from './traffic-tally.ts';

export type { TrafficSummary } from './traffic-tally.ts';

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
  /** The metrics put on the grid (all, by default): a digest draws one per domain of 120. */
  gridded?: readonly TrafficMetric[],
): TrafficSummary {
  return summaryOfTally(tallyTraffic(series, metrics, starts, gridded));
}
