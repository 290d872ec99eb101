import type { DomainSeries, TrafficMetric } from '../providers/traffic-types.ts';
import { seriesDomains } from './domain-rows.ts';

/** A series, as far as knowing what was reported goes. */
export type SeriesOf = Pick<DomainSeries, 'domain' | 'domains' | 'metric'>;

/** An account that answered but gave no series at all for some metrics asked: its provider does not report them. */
export interface UnreportedMetrics {
  accountId: string;
  metrics: TrafficMetric[];
}

/**
 * The metrics each account left out of its answers (Wangsu has no per-domain hit rates), so a reply can say its
 * figures for them leave that account out rather than let a total look complete. Accounts none of whose domains
 * were answered are skipped: their failure is reported on its own.
 */
export function unreportedMetrics(
  accounts: readonly { accountId: string; domains: readonly string[] }[],
  answered: ReadonlySet<string>,
  /** What the accounts answered; only which domains and metric each series is of matters, never its points. */
  series: readonly SeriesOf[],
  metrics: readonly TrafficMetric[],
): UnreportedMetrics[] {
  return accounts.flatMap(({ accountId, domains }) => {
    const mine = new Set(domains.filter((domain) => answered.has(domain)));
    if (mine.size === 0) return [];
    const given = new Set(
      series
        .filter((entry) => seriesDomains(entry).every((domain) => mine.has(domain)))
        .map((entry) => entry.metric),
    );
    const missing = metrics.filter((metric) => !given.has(metric));
    return missing.length > 0 ? [{ accountId, metrics: missing }] : [];
  });
}
