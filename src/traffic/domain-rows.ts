import type { DomainSeries } from '../providers/traffic-types.ts';

/** Names listed in a combined row before `…`. */
const NAMED = 3;

/**
 * One line of a by-domain listing: a domain, or the domains a provider reported only added up (Wangsu's flow,
 * bandwidth and request reports sum the domains of one call, see `DomainSeries.domains`). A combined row is never
 * split or put on one of its domains.
 */
export interface DomainRow {
  /** The domain, or `wangsu-prod: 20 domains together (a.example.cn, b.example.cn, c.example.cn, …)`. */
  label: string;
  /** The domains the row covers. */
  domains: string[];
  /** Which series belong to the row: those `seriesKey` gives this key for. */
  key: string;
}

/** The domains a series covers: its `domains` when the provider summed several, else its one domain. */
export function seriesDomains(series: Pick<DomainSeries, 'domain' | 'domains'>): readonly string[] {
  return series.domains ?? [series.domain];
}

/** The row a series belongs to. A domain name has no comma, so a combined key never equals a domain. */
function seriesKey(series: DomainSeries): string {
  return seriesDomains(series).join(',');
}

/**
 * The rows of one account: one per combined series whose domains are all among `domains`, then one per domain no
 * combined series covers, in the order of `domains`. `series` may hold other accounts' series; they are ignored.
 */
export function domainRows(
  accountId: string,
  domains: readonly string[],
  series: readonly DomainSeries[],
): DomainRow[] {
  const mine = new Set(domains);
  const combined = new Map<string, string[]>();
  for (const entry of series) {
    const covered = seriesDomains(entry);
    if (covered.length > 1 && covered.every((domain) => mine.has(domain))) {
      combined.set(seriesKey(entry), [...covered]);
    }
  }
  const inCombined = new Set([...combined.values()].flat());
  return [
    ...[...combined].map(([key, members]) => ({
      label: combinedLabel(accountId, members),
      domains: members,
      key,
    })),
    ...domains
      .filter((domain) => !inCombined.has(domain))
      .map((domain) => ({ label: domain, domains: [domain], key: domain })),
  ];
}

/**
 * The series of every row at once, by row key: a listing of 500 domains would otherwise look through every series
 * once per row.
 */
export function seriesByRow(series: readonly DomainSeries[]): Map<string, DomainSeries[]> {
  const byRow = new Map<string, DomainSeries[]>();
  for (const entry of series) {
    const key = seriesKey(entry);
    const same = byRow.get(key);
    if (same) same.push(entry);
    else byRow.set(key, [entry]);
  }
  return byRow;
}

function combinedLabel(accountId: string, domains: readonly string[]): string {
  const named = domains.slice(0, NAMED).join(', ');
  return `${accountId}: ${domains.length} domains together (${named}${domains.length > NAMED ? ', …' : ''})`;
}
