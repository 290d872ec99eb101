import type { TopEntry, TrafficMetric } from '../providers/traffic-types.ts';
import type { DomainStatus } from '../providers/types.ts';
import { intervalStarts } from '../time/time-range.ts';
import type { BatchFailure } from '../traffic/fetch-batched.ts';
import { totalsGrid } from '../traffic/totals-grid.ts';
import {
  mergeTallies,
  summaryOfTally,
  type TrafficSummary,
  type TrafficTally,
} from '../traffic/traffic-tally.ts';
import type { DigestPeriods } from './digest-periods.ts';
import { DIGEST_GRIDDED, type DigestBatch, type DigestData, TOP_URLS } from './fetch-digest-data.ts';
import { addClasses, type StatusClasses, statusClasses } from './status-classes.ts';

export interface DomainFigures {
  domain: string;
  accountId: string;
  status: DomainStatus | undefined;
  now: TrafficSummary;
  /** Per comparison, in `periods.comparisons` order; undefined where that comparison has no answer for it. */
  before: (TrafficSummary | undefined)[];
  codes: StatusClasses | undefined;
  top: TopEntry[] | undefined;
}

export interface DigestFigures {
  /** Every domain with figures, most traffic first (then by name). */
  domains: DomainFigures[];
  totals: {
    now: TrafficSummary;
    /** Per comparison; undefined unless every domain in the totals has that comparison. */
    before: (TrafficSummary | undefined)[];
    codes: StatusClasses | undefined;
    top: TopEntry[] | undefined;
  };
  /** Domains a provider reports only added up with others: in the totals, without a line of their own. */
  pooled: string[];
  /** Accounts asked. */
  accounts: number;
}

/**
 * Turns a digest's raw answers into figures per domain and in total. Totals cover every answered domain; a
 * comparison total is shown only when every one of them has that comparison, over the same domains (a partial
 * total would read as a drop).
 */
export function summarizeDigest(
  data: DigestData,
  input: {
    periods: DigestPeriods;
    metrics: readonly TrafficMetric[];
    statuses: ReadonlyMap<string, DomainStatus>;
    timeZone: string;
  },
): DigestFigures {
  const { metrics, timeZone } = input;
  const answered = answeredDomains(data.current.plans, data.current.failures);
  const pooled = new Set(data.current.batches.flatMap((batch) => batch.pooled));
  const comparisons = data.comparisons.map((comparison) =>
    comparison.traffic
      ? {
          traffic: comparison.traffic,
          answered: answeredDomains(comparison.traffic.plans, comparison.traffic.failures),
          byDomain: talliesByDomain(comparison.traffic.batches),
          plans: new Map(comparison.traffic.plans.map((plan) => [plan.accountId, plan])),
        }
      : undefined,
  );
  // Status codes and top URLs count only for domains with traffic figures, so every total covers the same domains.
  const codesByDomain = new Map(
    (data.codes?.results ?? [])
      .filter((result) => answered.has(result.domain))
      .map((result) => [result.domain, statusClasses(result.codes)]),
  );
  const topResults = data.top.results.filter((result) => answered.has(result.domain));
  const topByDomain = new Map(topResults.map((result) => [result.domain, result.entries]));
  const currentByDomain = talliesByDomain(data.current.batches);

  const domains: DomainFigures[] = data.current.plans.flatMap((plan) => {
    const grid = intervalStarts(plan.current, plan.interval, timeZone);
    return plan.domains
      .filter((domain) => answered.has(domain) && !pooled.has(domain))
      .map((domain) => ({
        domain,
        accountId: plan.accountId,
        status: input.statuses.get(domain),
        now: summaryOfTally(
          mergeTallies(currentByDomain.get(domain) ?? [], metrics, grid, DIGEST_GRIDDED.domain),
        ),
        // A comparison is figures only, never drawn: no grid.
        before: comparisons.map((comparison) => {
          const comparisonPlan = comparison?.plans.get(plan.accountId);
          if (!comparison || !comparisonPlan || !comparison.answered.has(domain)) return undefined;
          return summaryOfTally(mergeTallies(comparison.byDomain.get(domain) ?? [], metrics));
        }),
        codes: codesByDomain.get(domain),
        top: topByDomain.get(domain),
      }));
  });
  domains.sort((a, b) => (b.now.flux ?? 0) - (a.now.flux ?? 0) || a.domain.localeCompare(b.domain));

  const covers = (batch: DigestBatch) => batch.domains.some((domain) => answered.has(domain));
  const totals = {
    now: summaryOfTally(
      mergeTallies(
        data.current.batches.filter(covers).map((batch) => batch.totals),
        metrics,
        totalsGrid(data.current.plans, input.periods.current, timeZone),
        DIGEST_GRIDDED.totals,
      ),
    ),
    before: comparisons.map((comparison, index) => {
      if (!comparison || answered.size === 0) return undefined;
      if (![...answered].every((domain) => comparison.answered.has(domain))) return undefined;
      const range = input.periods.comparisons[index]!.range;
      return summaryOfTally(
        mergeTallies(
          comparison.traffic.batches.filter(covers).map((batch) => batch.totals),
          metrics,
          totalsGrid(comparison.traffic.plans, range, timeZone),
          DIGEST_GRIDDED.comparisonTotals,
        ),
      );
    }),
    codes: data.codes ? addClasses([...codesByDomain.values()]) : undefined,
    top: topResults.length > 0 ? mergeTop(topResults.flatMap((result) => result.entries)) : undefined,
  };
  return { domains, totals, pooled: [...pooled].sort(), accounts: data.current.plans.length };
}

function answeredDomains(
  plans: readonly { domains: readonly string[] }[],
  failures: readonly BatchFailure[],
): Set<string> {
  const failed = new Set(failures.flatMap((failure) => failure.domains));
  return new Set(plans.flatMap((plan) => plan.domains).filter((domain) => !failed.has(domain)));
}

/** Each domain's tallies, one per batch (per piece) that reported it on its own. */
function talliesByDomain(batches: readonly DigestBatch[]): Map<string, TrafficTally[]> {
  const map = new Map<string, TrafficTally[]>();
  for (const batch of batches) {
    for (const [domain, tally] of batch.byDomain) {
      const same = map.get(domain);
      if (same) same.push(tally);
      else map.set(domain, [tally]);
    }
  }
  return map;
}

/** The top URLs of several domains as one list: the same URL's values added, highest first, ties by name. */
function mergeTop(entries: readonly TopEntry[]): TopEntry[] {
  const byName = new Map<string, number>();
  for (const entry of entries) {
    if (Number.isFinite(entry.value)) byName.set(entry.name, (byName.get(entry.name) ?? 0) + entry.value);
  }
  return [...byName]
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, TOP_URLS);
}
