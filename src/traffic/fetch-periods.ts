import type { StepCounter } from '../messaging/progress.ts';
import type { DomainSeries, Interval, TrafficLimits, TrafficMetric } from '../providers/traffic-types.ts';
import type { CdnProvider } from '../providers/types.ts';
import type { TimeRange } from '../time/time-range.ts';
import { type BatchedResults, type BatchFailure, fetchBatched } from './fetch-batched.ts';

/** One period of one account: the interval asked at, and the consecutive pieces it is asked in (one, mostly). */
export interface PeriodPieces {
  interval: Interval;
  /** Each one answerable by one query (checked by the caller); a long period may need several. */
  pieces: readonly TimeRange[];
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
  const periodCount = Math.max(0, ...plans.map((plan) => plan.periods.length));
  const callsByAccount = new Map(plans.map((plan) => [plan.accountId, planCalls(plan)]));
  const slots = Math.max(0, ...[...callsByAccount.values()].map((calls) => calls.length));

  // Slot k is every account's k-th call: batches of one slot run together, and a failed call fails only its pieces.
  const answers = await Promise.all(
    Array.from({ length: slots }, (_, slot) => {
      const groups = plans.filter((plan) => callsByAccount.get(plan.accountId)![slot] !== undefined);
      return fetchBatched(
        groups.map((plan) => ({ provider: plan.provider, domains: plan.domains })),
        async (provider, domains) => {
          const call = callsByAccount.get(provider.accountId)![slot]!;
          const series = await provider.traffic!(
            { domains, from: call.range.from, to: call.range.to, interval: call.interval },
            metrics,
          );
          return call.answers.map(({ period, piece }) => ({ period, series: cut(series, piece) }));
        },
        { progress: options?.progress },
      ).then((answer) => ({ answer, slot }));
    }),
  );

  const periods = Array.from({ length: periodCount }, () => ({
    pieces: [] as DomainSeries[][],
    failures: new Map<string, BatchFailure>(),
  }));
  for (const { answer, slot } of answers) {
    for (const result of answer.results) periods[result.period]!.pieces.push(result.series);
    for (const failure of answer.failures) {
      const call = callsByAccount.get(failure.accountId)![slot]!;
      for (const period of new Set(call.answers.map((entry) => entry.period))) {
        // Two calls of one period refusing the same batch make one note, not two.
        periods[period]!.failures.set(`${failure.accountId}\u0000${failure.domains.join(',')}`, failure);
      }
    }
  }
  return periods.map((period) => ({
    results: joinSeries(period.pieces),
    failures: [...period.failures.values()],
  }));
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
  return series.map((entry) => ({
    ...entry,
    points: entry.points.filter((point) => point.time >= piece.from && point.time < piece.to),
  }));
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
