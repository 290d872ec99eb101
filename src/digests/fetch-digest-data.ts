import { UsageError } from '../errors.ts';
import type { DomainSeries, DomainStatusCodes, TopEntry, TrafficMetric } from '../providers/traffic-types.ts';
import type { TimeRange } from '../time/time-range.ts';
import { type BatchFailure, fetchBatched } from '../traffic/fetch-batched.ts';
import { planTrafficQueries, type TrafficPlan } from '../traffic/plan-traffic-queries.ts';
import type { TargetGroup } from '../traffic/resolve-targets.ts';
import { splitSupported, type UnsupportedGroup } from '../traffic/split-supported.ts';
import type { DigestPeriods } from './digest-periods.ts';

/** URLs listed per domain and in total. */
export const TOP_URLS = 5;

export interface PeriodTraffic {
  plans: TrafficPlan[];
  series: DomainSeries[];
  failures: BatchFailure[];
}

export interface DomainTop {
  domain: string;
  entries: TopEntry[];
}

/** A comparison period's traffic, or why there is none (a provider no longer keeps it). */
export type ComparisonTraffic = { traffic: PeriodTraffic } | { traffic: undefined; reason: string };

export interface DigestData {
  current: PeriodTraffic;
  /** In the order of `periods.comparisons`. */
  comparisons: ComparisonTraffic[];
  /** Present when status codes were asked for. */
  codes:
    | { results: DomainStatusCodes[]; failures: BatchFailure[]; unsupported: UnsupportedGroup[] }
    | undefined;
  top: { results: DomainTop[]; failures: BatchFailure[]; unsupported: UnsupportedGroup[] };
}

/**
 * Everything a digest shows, fetched per account in batches (fetchBatched: every account at once, a refused batch
 * named rather than fatal): traffic for the period and each comparison, status codes and each domain's top URLs for
 * the period. `groups` must offer traffic (`splitSupported` first). Every account's limits are checked for the
 * period before the first call; a comparison a provider cannot answer is dropped with the reason.
 */
export async function fetchDigestData(
  groups: readonly TargetGroup[],
  input: {
    periods: DigestPeriods;
    metrics: readonly TrafficMetric[];
    statusCodes: boolean;
    topBy: 'flux' | 'request';
    timeZone: string;
    now: number;
  },
): Promise<DigestData> {
  const { periods, metrics, timeZone, now } = input;
  const plan = (range: TimeRange) => planTrafficQueries(groups, range, { timeZone, now, previous: false });
  const plans = plan(periods.current);
  const byAccount = new Map(plans.map((entry) => [entry.accountId, entry]));

  const comparisons = periods.comparisons.map(async (comparison): Promise<ComparisonTraffic> => {
    let comparisonPlans: TrafficPlan[];
    try {
      comparisonPlans = plan(comparison.range);
    } catch (error) {
      // Handled: the comparison is left out and the digest says why. Anything but a refusal is a bug.
      if (!(error instanceof UsageError)) throw error;
      return { traffic: undefined, reason: error.message };
    }
    return { traffic: await fetchTraffic(comparisonPlans, metrics) };
  });

  const codeGroups = splitSupported(plans, ['statusCodes'], 'Status-code statistics');
  const codes = input.statusCodes
    ? fetchBatched(
        plans.filter((entry) => codeGroups.supported.some((group) => group.accountId === entry.accountId)),
        (provider, domains) => {
          const { current, interval } = byAccount.get(provider.accountId)!;
          return provider.statusCodes!({ domains, from: current.from, to: current.to, interval });
        },
      ).then((answer) => ({ ...answer, unsupported: codeGroups.unsupported }))
    : Promise.resolve(undefined);

  const topGroups = splitSupported(plans, ['topUrls'], 'Top URLs');
  const top = fetchBatched(
    plans.filter((entry) => topGroups.supported.some((group) => group.accountId === entry.accountId)),
    async (provider, domains) => {
      const { current, interval } = byAccount.get(provider.accountId)!;
      // One call per domain: a ranking of several domains together cannot say which domain's top 5 a URL is in.
      const answers: DomainTop[] = [];
      for (const domain of domains) {
        const entries = await provider.topUrls!({
          domains: [domain],
          from: current.from,
          to: current.to,
          interval,
          by: input.topBy,
          limit: TOP_URLS,
        });
        answers.push({ domain, entries: entries.slice(0, TOP_URLS) });
      }
      return answers;
    },
  ).then((answer) => ({ ...answer, unsupported: topGroups.unsupported }));

  const [current, comparisonTraffic, codeAnswer, topAnswer] = await Promise.all([
    fetchTraffic(plans, metrics),
    Promise.all(comparisons),
    codes,
    top,
  ]);
  return { current, comparisons: comparisonTraffic, codes: codeAnswer, top: topAnswer };
}

async function fetchTraffic(plans: TrafficPlan[], metrics: readonly TrafficMetric[]): Promise<PeriodTraffic> {
  const byAccount = new Map(plans.map((entry) => [entry.accountId, entry]));
  const { results, failures } = await fetchBatched(plans, (provider, domains) => {
    const { current, interval } = byAccount.get(provider.accountId)!;
    return provider.traffic!({ domains, from: current.from, to: current.to, interval }, metrics);
  });
  return { plans, series: results, failures };
}
