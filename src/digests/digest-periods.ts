import { millisecondsInDay, millisecondsInHour } from 'date-fns/constants';
import { localDayStart } from '../time/local-day-start.ts';
import type { Schedule } from '../time/parse-schedule.ts';
import type { TimeRange } from '../time/time-range.ts';
import { epochOfWallTime, formatWallTime, wallTimeOf } from '../time/zoned-time.ts';

/** A schedule whose runs are this far apart (23–25 h across DST, with room for odd patterns) reports on days. */
const DAILY_CADENCE = { min: 20 * millisecondsInHour, max: 28 * millisecondsInHour } as const;
const WEEK_DAYS = 7;

/** A period the digest compares with, and how a reader calls it. */
export interface Comparison {
  /** `before`: the period just before (the day before); `week`: the same period a week earlier. */
  key: 'before' | 'week';
  /** `day before`, `same day last week`, `same hours the day before`, ... */
  label: string;
  range: TimeRange;
}

export interface DigestPeriods {
  /**
   * `day`: a daily schedule reports on the previous local day. `hours`: a schedule running several times a day
   * reports on the time since its previous run. `days`: a rarer one (weekly) on the whole local days since its
   * previous run.
   */
  kind: 'day' | 'hours' | 'days';
  current: TimeRange;
  comparisons: Comparison[];
  /**
   * Present when the schedule's period reaches further back than a provider keeps data (a monthly or yearly
   * schedule): `current` then starts at the first local day still kept, and the digest says so.
   */
  capped?: {
    asked: TimeRange;
    reason: string;
    /** Labels of the comparisons left out because they are older still. */
    dropped: string[];
  };
}

/** Where a digest's data runs out: the oldest instant every provider asked still keeps, and who limits it. */
export interface KeptSince {
  from: number;
  /** `Tencent keeps traffic data for 90 days` */
  reason: string;
}

/**
 * `periods` cut to what the providers keep: a period that starts before `kept.from` starts instead at the first
 * whole local day after it (`capped` says what was asked and why). A comparison of the shortened period that starts
 * before `kept.from` too has nothing to compare with and is dropped: fetching it could only be refused.
 */
export function capDigestPeriods(periods: DigestPeriods, kept: KeptSince, timeZone: string): DigestPeriods {
  if (periods.current.from >= kept.from) return periods;
  const dayStart = localDayStart(kept.from, timeZone);
  const from = dayStart >= kept.from ? dayStart : localDayStart(kept.from, timeZone, 1);
  const days = Math.round((periods.current.to - from) / millisecondsInDay);
  // Not even one whole day kept: nothing sensible to shorten to; the fetch refuses it with the provider's reason.
  if (days < 1) return periods;
  const current = localDays(from, days, timeZone);
  const comparisons: Comparison[] = [
    { key: 'before', label: 'previous period', range: shiftDays(current, -days, timeZone) },
  ];
  if (days < WEEK_DAYS) {
    comparisons.push({
      key: 'week',
      label: 'same days a week earlier',
      range: shiftDays(current, -WEEK_DAYS, timeZone),
    });
  }
  const isKept = (comparison: Comparison) => comparison.range.from >= kept.from;
  return {
    kind: periods.kind,
    current,
    comparisons: comparisons.filter(isKept),
    capped: {
      asked: periods.current,
      reason: kept.reason,
      dropped: comparisons.filter((comparison) => !isKept(comparison)).map((comparison) => comparison.label),
    },
  };
}

/**
 * The period a digest run at `at` covers and what it is compared with, in `timeZone`: "yesterday" means local-day
 * boundaries, so the figures match what the provider consoles show for that date. The cadence is the gap between the
 * schedule's two runs before `at`, so a run by hand (`digest run`) covers the same kind of period as a scheduled one.
 */
export function digestPeriods(schedule: Schedule, at: number, timeZone: string): DigestPeriods {
  const last = schedule.previousBefore(at);
  const beforeLast = last === undefined ? undefined : schedule.previousBefore(last);
  const cadence = last !== undefined && beforeLast !== undefined ? last - beforeLast : millisecondsInDay;

  if (cadence >= DAILY_CADENCE.min && cadence <= DAILY_CADENCE.max) {
    const current = localDays(localDayStart(at, timeZone, -1), 1, timeZone);
    return {
      kind: 'day',
      current,
      comparisons: [
        { key: 'before', label: 'day before', range: shiftDays(current, -1, timeZone) },
        { key: 'week', label: 'same day last week', range: shiftDays(current, -WEEK_DAYS, timeZone) },
      ],
    };
  }
  if (cadence < DAILY_CADENCE.min) {
    const from = last ?? at - cadence;
    const current = { from, to: at, label: wallSpan(from, at, timeZone) };
    return {
      kind: 'hours',
      current,
      comparisons: [
        { key: 'before', label: 'same hours the day before', range: shiftDays(current, -1, timeZone) },
        { key: 'week', label: 'same hours a week earlier', range: shiftDays(current, -WEEK_DAYS, timeZone) },
      ],
    };
  }
  const to = localDayStart(at, timeZone);
  const from = Math.min(localDayStart(last ?? at - cadence, timeZone), localDayStart(at, timeZone, -1));
  const days = Math.max(1, Math.round((to - from) / millisecondsInDay));
  const current = localDays(from, days, timeZone);
  const comparisons: Comparison[] = [
    { key: 'before', label: 'previous period', range: shiftDays(current, -days, timeZone) },
  ];
  // A week or more back is the previous period already.
  if (days < WEEK_DAYS) {
    comparisons.push({
      key: 'week',
      label: 'same days a week earlier',
      range: shiftDays(current, -WEEK_DAYS, timeZone),
    });
  }
  return { kind: 'days', current, comparisons };
}

/** `days` whole local days from the day holding `start`, labelled `Sunday 2026-11-22` or `2026-11-16 – 2026-11-22`. */
function localDays(start: number, days: number, timeZone: string): TimeRange {
  const from = localDayStart(start, timeZone);
  const to = localDayStart(from, timeZone, days);
  const first = dateOf(from, timeZone);
  const label =
    days === 1
      ? `${weekday(from, timeZone)} ${first}`
      : `${first} – ${dateOf(localDayStart(to, timeZone, -1), timeZone)}`;
  return { from, to, label };
}

/** The same wall-clock period `days` local days earlier (or later), relabelled. */
function shiftDays(range: TimeRange, days: number, timeZone: string): TimeRange {
  const isWholeDays =
    range.from === localDayStart(range.from, timeZone) && range.to === localDayStart(range.to, timeZone);
  if (isWholeDays) {
    const from = localDayStart(range.from, timeZone, days);
    const length = Math.round((range.to - range.from) / millisecondsInDay);
    return localDays(from, length, timeZone);
  }
  const from = shiftWall(range.from, days, timeZone);
  const to = shiftWall(range.to, days, timeZone);
  return { from, to, label: wallSpan(from, to, timeZone) };
}

function shiftWall(epochMs: number, days: number, timeZone: string): number {
  const wall = wallTimeOf(epochMs, timeZone);
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return epochOfWallTime(
    { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    timeZone,
  );
}

function wallSpan(from: number, to: number, timeZone: string): string {
  const start = formatWallTime(from, timeZone);
  const end = formatWallTime(to, timeZone);
  return start.slice(0, 10) === end.slice(0, 10) ? `${start} – ${end.slice(11)}` : `${start} – ${end}`;
}

function dateOf(epochMs: number, timeZone: string): string {
  return formatWallTime(epochMs, timeZone).slice(0, 10);
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

function weekday(epochMs: number, timeZone: string): string {
  let format = weekdayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone });
    weekdayFormats.set(timeZone, format);
  }
  return format.format(new Date(epochMs));
}
