import { UsageError } from '../errors.ts';
import type { Interval, TrafficLimits } from '../providers/traffic-types.ts';
import {
  alignToInterval,
  alignWithinLimits,
  assertRangeAnswerable,
  chooseInterval,
  previousPeriod,
  type TimeRange,
} from '../time/time-range.ts';
import type { TargetGroup } from './resolve-targets.ts';

/** What one account will be asked: its limits, the interval they allow for the range, and the aligned ranges. */
export interface TrafficPlan extends TargetGroup {
  limits: TrafficLimits;
  interval: Interval;
  /** The range asked for, aligned to `interval`. */
  current: TimeRange;
  /** The period of the same length just before, aligned the same way; absent when not wanted or not kept. */
  previous: TimeRange | undefined;
}

/**
 * Checks `range` against every account's limits and only then plans the queries, so a range one provider cannot
 * answer (too long, too far back) is refused with its reason before any provider is asked anything.
 *
 * With `previous`, each plan also carries the period just before the range for a comparison; an account that no
 * longer keeps that period gets none (the reply says there is nothing to compare with), rather than a refusal.
 * Every group's provider must offer `trafficLimits` (see `splitSupported`).
 */
export function planTrafficQueries(
  groups: readonly TargetGroup[],
  range: TimeRange,
  options: { timeZone: string; now: number; previous: boolean; report?: TrafficReport },
): TrafficPlan[] {
  const { timeZone, now } = options;
  const report = options.report ?? 'traffic';
  const planned = groups.map((group) => {
    const limits = limitsOf(group.provider.trafficLimits!(), report);
    const interval = chooseInterval(range, limits);
    return {
      group,
      limits,
      interval,
      current: alignWithinLimits(range, interval, limits, { timeZone, now }),
    };
  });
  // Checked as it will be sent (aligned), for every account, before the first call.
  for (const { group, limits, current } of planned) {
    assertRangeAnswerable(current, limits, providerName(group), { timeZone, now }, REPORT_NAMES[report]);
  }
  return planned.map(({ group, limits, interval, current }) => {
    let previous: TimeRange | undefined;
    if (options.previous) {
      const before = alignToInterval(previousPeriod(range), interval, timeZone);
      try {
        assertRangeAnswerable(before, limits, providerName(group), { timeZone, now }, REPORT_NAMES[report]);
        previous = before;
      } catch (error) {
        // Handled: the comparison is dropped and the reply says so. Anything but a refusal is a bug.
        if (!(error instanceof UsageError)) throw error;
      }
    }
    return { ...group, limits, interval, current, previous };
  });
}

/** Which report a plan is for: status codes may be answered over a shorter range than traffic. */
export type TrafficReport = 'traffic' | 'statusCodes';

/** How refusals name a report that is not plain traffic. */
const REPORT_NAMES: Readonly<Record<TrafficReport, string | undefined>> = {
  traffic: undefined,
  statusCodes: 'status codes',
};

function limitsOf(limits: TrafficLimits, report: TrafficReport): TrafficLimits {
  if (report === 'traffic' || !limits.statusCodes) return limits;
  return {
    ...limits,
    maxRangeMs: Math.min(limits.maxRangeMs, limits.statusCodes.maxRangeMs),
    retentionMs: Math.min(limits.retentionMs, limits.statusCodes.retentionMs),
  };
}

/** `Tencent (account tencent-prod)`: the kind, as the time-range messages expect, and which of its accounts. */
export function providerName(group: TargetGroup): string {
  const kind = group.provider.kind;
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} (account ${group.accountId})`;
}
