import { millisecondsInDay } from 'date-fns/constants';
import { UsageError } from '../errors.ts';
import type { StepCounter } from '../messaging/progress.ts';
import type {
  DomainSeries,
  DomainStatusCodes,
  StatusCodeCount,
  TopEntry,
  TrafficMetric,
} from '../providers/traffic-types.ts';
import type { CdnProvider } from '../providers/types.ts';
import { describeLength } from '../time/describe-length.ts';
import { localDayStart } from '../time/local-day-start.ts';
import {
  alignToInterval,
  assertRangeAnswerable,
  chooseInterval,
  intervalStarts,
  type TimeRange,
} from '../time/time-range.ts';
import { type BatchFailure, fetchBatched } from '../traffic/fetch-batched.ts';
import { foldTrafficPieces } from '../traffic/fetch-periods.ts';
import { providerName, type TrafficPlan } from '../traffic/plan-traffic-queries.ts';
import type { TargetGroup } from '../traffic/resolve-targets.ts';
import { splitSupported, type UnsupportedGroup } from '../traffic/split-supported.ts';
import { totalsGrid } from '../traffic/totals-grid.ts';
import { type TrafficTally, tallyTraffic } from '../traffic/traffic-tally.ts';
import type { DigestPeriods, KeptSince } from './digest-periods.ts';

/** URLs listed per domain and in total. */
export const TOP_URLS = 5;

export interface PeriodTraffic {
  plans: TrafficPlan[];
  /** Every answered batch (of every piece) of the period, added up as it came. */
  batches: DigestBatch[];
  failures: BatchFailure[];
}

/**
 * One batch of one period (one piece of it, for a period asked in pieces), added up as its answer came: a digest
 * over 120 domains keeps running figures, not every point, and has one batch left to add up after the last answer.
 */
export interface DigestBatch {
  accountId: string;
  domains: readonly string[];
  /** Each domain reported on its own, on its account's own grid for the period itself (its sparkline). */
  byDomain: Map<string, TrafficTally>;
  /** Every series of the batch, pooled ones too, on the grid the totals add up on. */
  totals: TrafficTally;
  /** Domains the provider reported only added up with others: in the totals, without figures of their own. */
  pooled: string[];
}

/**
 * The metrics each tally of a digest puts on its grid (the rest are figures only), so the summary merges them alike:
 * a domain's detail draws its traffic, or its requests when traffic is not shown (compose-digest.ts); the totals
 * draw traffic, and bandwidth goes on the grid for the peak of every domain added up; a comparison is never drawn,
 * its totals need the grid only for that peak.
 */
export const DIGEST_GRIDDED = {
  domain: ['flux', 'request'],
  totals: ['flux', 'bandwidth'],
  comparisonTotals: ['bandwidth'],
} as const satisfies Record<string, readonly TrafficMetric[]>;

/**
 * What a comparison needs only added up over each batch: its bandwidth serves the peak of the totals alone (a
 * domain's line compares traffic and requests, compose-digest.ts), so a provider that adds up on request answers it
 * with one series a batch instead of thirty.
 */
export const COMPARISON_ADDED_UP: readonly TrafficMetric[] = ['bandwidth'];

/**
 * Adds up one batch's series of one period: `domainGrid` is the account's own grid for the period itself
 * (undefined for a comparison, which is never drawn), `totalsGrid` the grid every account's totals add up on.
 */
export function addUpDigestBatch(
  series: readonly DomainSeries[],
  input: {
    accountId: string;
    domains: readonly string[];
    metrics: readonly TrafficMetric[];
    comparison: boolean;
    domainGrid: readonly number[] | undefined;
    totalsGrid: readonly number[];
  },
): DigestBatch {
  const { metrics } = input;
  const byDomain = new Map<string, DomainSeries[]>();
  const pooled: string[] = [];
  for (const entry of series) {
    if (entry.domains) {
      pooled.push(...entry.domains);
      continue;
    }
    const same = byDomain.get(entry.domain);
    if (same) same.push(entry);
    else byDomain.set(entry.domain, [entry]);
  }
  const domainGrid = input.comparison ? undefined : input.domainGrid;
  return {
    accountId: input.accountId,
    domains: input.domains,
    byDomain: new Map(
      [...byDomain].map(([domain, own]) => [
        domain,
        tallyTraffic(own, metrics, domainGrid, DIGEST_GRIDDED.domain),
      ]),
    ),
    totals: tallyTraffic(
      series,
      metrics,
      input.totalsGrid,
      input.comparison ? DIGEST_GRIDDED.comparisonTotals : DIGEST_GRIDDED.totals,
    ),
    pooled,
  };
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
 * the period. `groups` must offer traffic (`splitSupported` first). A period longer than one query may span (a
 * monthly or yearly digest) is asked in consecutive pieces each provider answers — at the interval chosen for the
 * whole period, status codes in pieces as short as their report needs (Wangsu: 7 days) — and the answers are joined
 * into one series per domain and metric, so totals, peaks and sparklines read as for one query. Every account's
 * pieces are checked before the first call; a comparison a provider cannot answer is dropped with the reason.
 * Top URLs are one ranking over the whole period (rankings of pieces cannot be added up truly).
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
    /** Counts every batch of calls (traffic, status codes, top URLs), for a progress note on a long digest. */
    progress?: StepCounter | undefined;
  },
): Promise<DigestData> {
  const { periods, metrics, timeZone, now } = input;
  const plan = (range: TimeRange) => planDigestQueries(groups, range, { timeZone, now });
  const plans = plan(periods.current);
  const byAccount = new Map(plans.map((entry) => [entry.accountId, entry]));

  const comparisonPlans = periods.comparisons.map((comparison): DigestPlan[] | string => {
    try {
      return plan(comparison.range);
    } catch (error) {
      // Handled: the comparison is left out and the digest says why. Anything but a refusal is a bug.
      if (!(error instanceof UsageError)) throw error;
      return error.message;
    }
  });
  // The grid each period's totals add up on, and each account's own grid for the period itself.
  const totalsGrids = [
    totalsGrid(plans, periods.current, timeZone),
    ...comparisonPlans.map((each, index) =>
      typeof each === 'string' ? [] : totalsGrid(each, periods.comparisons[index]!.range, timeZone),
    ),
  ];
  const domainGrids = new Map(
    plans.map((entry) => [entry.accountId, intervalStarts(entry.current, entry.interval, timeZone)]),
  );
  // The period and every comparison in as few calls as the provider's range limits allow, each batch added up as
  // its answer comes (foldTrafficPieces).
  const traffic = foldTrafficPieces(
    plans.map((entry) => ({
      ...entry,
      periods: [
        entry,
        ...comparisonPlans.map((each) => (typeof each === 'string' ? undefined : byAccountOf(each, entry))),
      ].map((period, index) =>
        period
          ? {
              interval: period.interval,
              pieces: period.pieces,
              ...(index > 0 ? { pooled: COMPARISON_ADDED_UP } : {}),
            }
          : undefined,
      ),
    })),
    metrics,
    (batch) =>
      addUpDigestBatch(batch.series, {
        accountId: batch.accountId,
        domains: batch.domains,
        metrics,
        comparison: batch.period > 0,
        domainGrid: domainGrids.get(batch.accountId),
        totalsGrid: totalsGrids[batch.period]!,
      }),
    { progress: input.progress },
  ).then(([current, ...others]) => ({
    current: { plans, batches: current!.results, failures: current!.failures },
    comparisons: comparisonPlans.map((each, index): ComparisonTraffic => {
      if (typeof each === 'string') return { traffic: undefined, reason: each };
      const answer = others[index]!;
      return { traffic: { plans: each, batches: answer.results, failures: answer.failures } };
    }),
  }));

  const codeGroups = splitSupported(plans, ['statusCodes'], 'Status-code statistics');
  const codes = input.statusCodes
    ? fetchBatched(
        plans.filter((entry) => codeGroups.supported.some((group) => group.accountId === entry.accountId)),
        async (provider, domains) => {
          const { codePieces, interval } = byAccount.get(provider.accountId)!;
          const answers: DomainStatusCodes[][] = [];
          for (const piece of codePieces) {
            const query = { domains, from: piece.from, to: piece.to, interval };
            // A digest shows classes only: a provider that ranks domains by class answers a batch in a few calls.
            const classes = await provider.statusCodeClasses?.(query);
            answers.push(classes ?? (await provider.statusCodes!(query)));
          }
          return joinStatusCodes(answers);
        },
        { progress: input.progress },
      ).then((answer) => ({ ...answer, unsupported: codeGroups.unsupported }))
    : Promise.resolve(undefined);

  const topGroups = splitSupported(plans, ['topUrls'], 'Top URLs');
  const top = fetchBatched(
    plans.filter((entry) => topGroups.supported.some((group) => group.accountId === entry.accountId)),
    async (provider, domains) => {
      const { current, interval } = byAccount.get(provider.accountId)!;
      const query = { from: current.from, to: current.to, interval, by: input.topBy, limit: TOP_URLS };
      if (provider.domainTopUrls) return provider.domainTopUrls({ ...query, domains });
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
    { progress: input.progress },
  ).then((answer) => ({ ...answer, unsupported: topGroups.unsupported }));

  const [{ current, comparisons }, codeAnswer, topAnswer] = await Promise.all([traffic, codes, top]);
  return { current, comparisons, codes: codeAnswer, top: topAnswer };
}

function byAccountOf(plans: readonly DigestPlan[], of: { accountId: string }): DigestPlan | undefined {
  return plans.find((entry) => entry.accountId === of.accountId);
}

/** A TrafficPlan of a digest period, with the consecutive pieces it is asked in. */
interface DigestPlan extends TrafficPlan {
  /** `current` cut into ranges one traffic query may span. */
  pieces: TimeRange[];
  /** `current` cut into ranges one status-code query may span. */
  codePieces: TimeRange[];
}

/**
 * What each account is asked for `range`: one interval for the whole range (chooseInterval: the coarsest offered
 * when no interval spans it), the range aligned to it and cut into pieces the provider answers. Every piece of every
 * account is checked (assertRangeAnswerable) before anything is asked; what is left to refuse is data not kept, or
 * a range not yet over.
 */
function planDigestQueries(
  groups: readonly TargetGroup[],
  range: TimeRange,
  context: { timeZone: string; now: number },
): DigestPlan[] {
  const { timeZone } = context;
  const planned = groups.map((group): DigestPlan => {
    const limits = group.provider.trafficLimits!();
    const interval = chooseInterval(range, limits);
    const current = alignToInterval(range, interval, timeZone);
    const longest = Math.min(limits.maxRangeMs, limits.intervals[interval] ?? limits.maxRangeMs);
    const longestCodes = Math.min(longest, limits.statusCodes?.maxRangeMs ?? longest);
    return {
      ...group,
      limits,
      interval,
      current,
      previous: undefined,
      pieces: splitRange(current, longest, timeZone),
      codePieces: splitRange(current, longestCodes, timeZone),
    };
  });
  for (const entry of planned) {
    for (const piece of entry.pieces)
      assertRangeAnswerable(piece, entry.limits, providerName(entry), context);
  }
  return planned;
}

/**
 * `range` as consecutive ranges of at most `longestMs`, cut at local midnights where it can be (each piece whole
 * local days, 23 or 25 hours across DST, so never longer than allowed); a range that fits is one piece.
 */
export function splitRange(range: TimeRange, longestMs: number, timeZone: string): TimeRange[] {
  const pieces: TimeRange[] = [];
  let from = range.from;
  while (range.to - from > longestMs) {
    let to = localDayStart(from, timeZone, Math.max(1, Math.floor(longestMs / millisecondsInDay)));
    while (to > from && to - from > longestMs) to = localDayStart(to, timeZone, -1);
    if (to <= from) to = from + longestMs;
    pieces.push({ from, to, label: range.label });
    from = to;
  }
  pieces.push({ from, to: range.to, label: range.label });
  return pieces;
}

/** Status codes of consecutive pieces as one answer per domain: each code's totals added, its points joined. */
function joinStatusCodes(answers: readonly (readonly DomainStatusCodes[])[]): DomainStatusCodes[] {
  if (answers.length === 1) return [...answers[0]!];
  const byDomain = new Map<string, Map<string, StatusCodeCount>>();
  for (const { domain, codes } of answers.flat()) {
    let byCode = byDomain.get(domain);
    if (!byCode) {
      byCode = new Map();
      byDomain.set(domain, byCode);
    }
    for (const entry of codes) {
      const seen = byCode.get(entry.code);
      if (seen) {
        seen.total += entry.total;
        for (const point of entry.points) seen.points.push(point);
      } else {
        byCode.set(entry.code, { ...entry, points: [...entry.points] });
      }
    }
  }
  return [...byDomain].map(([domain, byCode]) => ({
    domain,
    codes: [...byCode.values()].map((entry) => ({
      ...entry,
      points: entry.points.sort((a, b) => a.time - b.time),
    })),
  }));
}

/**
 * The oldest instant every account of `groups` still keeps what the digest shows (traffic; status codes when shown
 * and offered), and which provider limits it: a digest period reaching further back is cut to it
 * (capDigestPeriods) rather than refused. Undefined when there is no account.
 */
export function keptSince(
  groups: readonly { provider: CdnProvider }[],
  input: { statusCodes: boolean; now: number },
): KeptSince | undefined {
  let kept: KeptSince | undefined;
  for (const group of groups) {
    if (!group.provider.trafficLimits) continue;
    const limits = group.provider.trafficLimits();
    const name = kindName(group.provider.kind);
    const candidates: KeptSince[] = [
      {
        from: input.now - limits.retentionMs,
        reason: `${name} keeps traffic data for ${describeLength(limits.retentionMs)}`,
      },
    ];
    if (input.statusCodes && group.provider.statusCodes && limits.statusCodes) {
      candidates.push({
        from: input.now - limits.statusCodes.retentionMs,
        reason: `${name} keeps status codes for ${describeLength(limits.statusCodes.retentionMs)}`,
      });
    }
    for (const candidate of candidates) {
      if (!kept || candidate.from > kept.from) kept = candidate;
    }
  }
  return kept;
}

function kindName(kind: string): string {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}
