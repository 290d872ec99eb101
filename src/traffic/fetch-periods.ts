import type { StepCounter } from '../messaging/progress.ts';
import type {
  DomainSeries,
  Interval,
  SeriesPoint,
  TrafficLimits,
  TrafficMetric,
} from '../providers/traffic-types.ts';
import type { CdnProvider } from '../providers/types.ts';
import type { TimeRange } from '../time/time-range.ts';
import { type BatchedResults, type BatchFailure, fetchBatched } from './fetch-batched.ts';

/** One period of one account: the interval asked at, and the consecutive pieces it is asked in (one, mostly). */
export interface PeriodPieces {
  interval: Interval;
  /** Each one answerable by one query (checked by the caller); a long period may need several. */
  pieces: readonly TimeRange[];
  /** Metrics this period needs only added up over each batch (see `TrafficQuery.pooled`). */
  pooled?: readonly TrafficMetric[];
}

/** What one account is asked: its domains, its limits, and each period (undefined where it is not asked). */
export interface PeriodsPlan {
  accountId: string;
  provider: CdnProvider;
  domains: readonly string[];
  limits: TrafficLimits;
  periods: readonly (PeriodPieces | undefined)[];
}

/** One query range and the pieces (period index, piece) it answers. */
interface Call {
  interval: Interval;
  range: { from: number; to: number };
  answers: { period: number; piece: TimeRange }[];
}

/** A call's range asked for some of the metrics, added up over each batch when `pooled`. */
interface Request {
  call: Call;
  metrics: readonly TrafficMetric[];
  pooled: boolean;
}

/**
 * Traffic of several periods (a range and the ones it is compared with) for many domains in the fewest calls: the
 * pieces of one account at one interval that touch (a period and the one just before it) are asked together, as
 * one range spanning them, whenever that range is one the provider answers at that interval (its longest range for
 * the interval and per query); only pieces apart in time, or together too long for one query, are asked apart. Every answer is cut back into its pieces by point time, and a period's pieces are
 * joined into one series per domain and metric, so each period reads as if asked alone. A refused batch is a
 * failure of every period its call covered.
 *
 * The reusable core of stats, digests and alerts: domains, metrics and ranges in, per-domain series per period out,
 * in the order of `periods`. Every plan's provider must offer `traffic` and `trafficLimits`.
 */
export async function fetchTrafficPeriods(
  plans: readonly PeriodsPlan[],
  metrics: readonly TrafficMetric[],
  options?: { progress?: StepCounter | undefined },
): Promise<BatchedResults<DomainSeries>[]> {
  const periods = await foldTrafficPieces(plans, metrics, (batch) => batch.series, options);
  return periods.map(({ results, failures }) => ({ results: joinSeries(results), failures }));
}

/** One batch's answer for one period: its account, its domains, and their series over the period. */
export interface PeriodBatch {
  accountId: string;
  domains: readonly string[];
  period: number;
  series: DomainSeries[];
}

/**
 * `fetchTrafficPeriods` for periods asked in one piece each, with each batch's answer handed to `fold` as it comes:
 * the results are what `fold` made of each batch (in account order, then batch order), so a caller adding up
 * hundreds of domains keeps its running figures instead of every point, and has only the last batch left to add up
 * once the last answer is in. In one piece, a period's batch holds each of its domains' series whole.
 */
export async function foldTrafficPeriods<R>(
  plans: readonly PeriodsPlan[],
  metrics: readonly TrafficMetric[],
  fold: (batch: PeriodBatch) => R,
  options?: { progress?: StepCounter | undefined },
): Promise<BatchedResults<R>[]> {
  for (const plan of plans) {
    if (plan.periods.some((period) => period && period.pieces.length > 1)) {
      throw new Error(
        `foldTrafficPeriods asks each period in one piece; ${plan.accountId} has one in several`,
      );
    }
  }
  return foldTrafficPieces(plans, metrics, fold, options);
}

/**
 * `foldTrafficPeriods` for periods asked in pieces too: each batch reaches `fold` piece by piece, its series covering
 * that piece only, so what `fold` makes must add up across pieces (a digest's tallies, mergeTallies).
 */
export async function foldTrafficPieces<R>(
  plans: readonly PeriodsPlan[],
  metrics: readonly TrafficMetric[],
  fold: (batch: PeriodBatch) => R,
  options?: { progress?: StepCounter | undefined },
): Promise<BatchedResults<R>[]> {
  const periodCount = Math.max(0, ...plans.map((plan) => plan.periods.length));
  const requestsByAccount = new Map(
    plans.map((plan) => [plan.accountId, planRequests(plan, planCalls(plan), metrics)]),
  );
  const slots = Math.max(0, ...[...requestsByAccount.values()].map((requests) => requests.length));

  // Slot k is every account's k-th request: batches of one slot run together, and a failed call fails only its
  // pieces. The slots start in order, so the requests added up (the smallest answers) are the last in line.
  const answers = await Promise.all(
    Array.from({ length: slots }, (_, slot) => {
      const groups = plans.filter((plan) => requestsByAccount.get(plan.accountId)![slot] !== undefined);
      return fetchBatched(
        groups.map((plan) => ({ provider: plan.provider, domains: plan.domains })),
        async (provider, domains) => {
          const { call, metrics: asked, pooled } = requestsByAccount.get(provider.accountId)![slot]!;
          const series = await provider.traffic!(
            {
              domains,
              from: call.range.from,
              to: call.range.to,
              interval: call.interval,
              ...(pooled ? { pooled: asked } : {}),
            },
            asked,
          );
          return call.answers.map(({ period, piece }) => ({
            period,
            value: fold({ accountId: provider.accountId, domains, period, series: cut(series, piece) }),
          }));
        },
        { progress: options?.progress },
      ).then((answer) => ({ answer, slot }));
    }),
  );

  const periods = Array.from({ length: periodCount }, () => ({
    results: [] as R[],
    failures: new Map<string, BatchFailure>(),
  }));
  for (const { answer, slot } of answers) {
    for (const result of answer.results) periods[result.period]!.results.push(result.value);
    for (const failure of answer.failures) {
      const { call } = requestsByAccount.get(failure.accountId)![slot]!;
      for (const period of new Set(call.answers.map((entry) => entry.period))) {
        // Two calls of one period refusing the same batch make one note, not two.
        periods[period]!.failures.set(`${failure.accountId}\u0000${failure.domains.join(',')}`, failure);
      }
    }
  }
  return periods.map((period) => ({ results: period.results, failures: [...period.failures.values()] }));
}

/**
 * Each call asked for every metric, except that a provider adding up on request (`addsUpOnRequest`) is asked apart
 * for the metrics every period of the call needs only added up, those requests after all the others: where the calls
 * outnumber a window of the provider's budget, the ones that wait for the next are the smallest to read.
 */
function planRequests(
  plan: PeriodsPlan,
  calls: readonly Call[],
  metrics: readonly TrafficMetric[],
): Request[] {
  const pooledOf = (call: Call): TrafficMetric[] =>
    plan.limits.addsUpOnRequest
      ? metrics.filter((metric) =>
          call.answers.every(({ period }) => plan.periods[period]?.pooled?.includes(metric)),
        )
      : [];
  const whole: Request[] = [];
  const added: Request[] = [];
  for (const call of calls) {
    const pooled = pooledOf(call);
    const own = metrics.filter((metric) => !pooled.includes(metric));
    if (own.length > 0) whole.push({ call, metrics: own, pooled: false });
    if (pooled.length > 0) added.push({ call, metrics: pooled, pooled: true });
  }
  return [...whole, ...added];
}

/**
 * The account's pieces in time order, merged greedily into as few ranges as the provider answers at each interval.
 * Ranges are only ever widened to span pieces of the same interval, so the granularity never changes.
 */
function planCalls(plan: PeriodsPlan): Call[] {
  const pieces = plan.periods.flatMap((period, index) =>
    period ? period.pieces.map((piece) => ({ period: index, piece, interval: period.interval })) : [],
  );
  const calls: Call[] = [];
  const byInterval = new Map<Interval, typeof pieces>();
  for (const entry of pieces)
    byInterval.set(entry.interval, [...(byInterval.get(entry.interval) ?? []), entry]);
  for (const [interval, entries] of byInterval) {
    const longest = Math.min(
      plan.limits.maxRangeMs,
      plan.limits.intervals[interval] ?? plan.limits.maxRangeMs,
    );
    entries.sort((a, b) => a.piece.from - b.piece.from || a.piece.to - b.piece.to);
    let current: Call | undefined;
    for (const { period, piece } of entries) {
      const from = current ? Math.min(current.range.from, piece.from) : piece.from;
      const to = current ? Math.max(current.range.to, piece.to) : piece.to;
      // Only pieces that touch or overlap share a call: spanning a gap would fetch data nobody asked for (the
      // week between a day and the same day a week before), a bigger answer for no fewer calls per period.
      if (current && piece.from <= current.range.to && to - from <= longest) {
        current.range = { from, to };
        current.answers.push({ period, piece });
      } else {
        current = { interval, range: { from: piece.from, to: piece.to }, answers: [{ period, piece }] };
        calls.push(current);
      }
    }
  }
  return calls;
}

/** The points of `series` that fall in `piece` ([from, to) by their start). */
function cut(series: readonly DomainSeries[], piece: TimeRange): DomainSeries[] {
  return series.map((entry) => ({ ...entry, points: pointsIn(entry.points, piece) }));
}

function pointsIn(points: readonly SeriesPoint[], piece: TimeRange): SeriesPoint[] {
  const inside = (point: SeriesPoint) => point.time >= piece.from && point.time < piece.to;
  // Answers come in time order: the piece is then one run of points, sliced rather than filtered into a new array.
  for (let index = 1; index < points.length; index += 1) {
    if (points[index]!.time < points[index - 1]!.time) return points.filter(inside);
  }
  let start = 0;
  while (start < points.length && points[start]!.time < piece.from) start += 1;
  let end = start;
  while (end < points.length && points[end]!.time < piece.to) end += 1;
  return points.slice(start, end);
}

/** The answers of consecutive pieces as one series per domain (or pooled batch) and metric, points in time order. */
export function joinSeries(answers: readonly (readonly DomainSeries[])[]): DomainSeries[] {
  if (answers.length === 1) return [...answers[0]!];
  const joined = new Map<string, DomainSeries>();
  for (const series of answers.flat()) {
    const key = `${series.domain}\u0000${series.metric}`;
    const seen = joined.get(key);
    if (seen) for (const point of series.points) seen.points.push(point);
    else joined.set(key, { ...series, points: [...series.points] });
  }
  return [...joined.values()].map((series) => ({
    ...series,
    points: series.points.sort((a, b) => a.time - b.time),
  }));
}
