/**
 * The period a traffic command reports on: read from what the user typed, checked against what the provider can
 * answer, and cut into the intervals a series is drawn on. Times are epoch ms; everything a person reads or types
 * is wall time in the configured timezone. Provider limits: /work/shared/reference/tencent-cdn.md (DescribeCdnData,
 * §5.16) and wangsu-cdn.md §2.4.
 */
import type { Duration } from 'date-fns';
import { millisecondsInDay, millisecondsInHour, millisecondsInMinute } from 'date-fns/constants';
// The function's own module: date-fns' index loads all of date-fns (~20 MiB resident at start-up).
import { formatDuration } from 'date-fns/formatDuration';
import { UsageError } from '../errors.ts';
import type { Interval, TrafficLimits } from '../providers/traffic-types.ts';
import { describeLength } from './describe-length.ts';
import { localDayStart } from './local-day-start.ts';
import { parseUserTime } from './parse-user-time.ts';
import { formatWallTime, wallTimeOf } from './zoned-time.ts';

export interface TimeRange {
  from: number;
  /** Exclusive. */
  to: number;
  /** For people: `last 24 hours`, `2026-11-22 (Asia/Shanghai)`, `2026-11-01 00:00 – 2026-11-08 00:00`. */
  label: string;
}

/** The time options of a command, as typed. Give at most one of `last`, `from`/`to` and `day`. */
export interface RangeInput {
  /** `<n>m`, `<n>h` or `<n>d`, n ≥ 1: `30m`, `6h`, `7d`. */
  last?: string | undefined;
  /** A date or date-time parseUserTime reads (`2026-11-20`, `"2026-11-20 14:30"`, `today`, `yesterday`). */
  from?: string | undefined;
  /** Like `from`; a bare date includes that whole day. Needs `from`. */
  to?: string | undefined;
  day?: 'today' | 'yesterday' | undefined;
}

/** What a range is read or checked against: the configured timezone and the injected clock. */
interface TimeContext {
  timeZone: string;
  now: number;
}

/** Finest to coarsest. */
const INTERVALS = ['1min', '5min', 'hour', 'day'] as const satisfies readonly Interval[];

/** Steps of the intervals that have a fixed length; a day is 23 to 25 hours. */
const FIXED_STEP_MS = {
  '1min': millisecondsInMinute,
  '5min': 5 * millisecondsInMinute,
  hour: millisecondsInHour,
} as const satisfies Record<Exclude<Interval, 'day'>, number>;

const LAST = /^(\d+)([mhd])$/;

const LAST_UNITS = {
  m: { ms: millisecondsInMinute, duration: (n: number): Duration => ({ minutes: n }) },
  h: { ms: millisecondsInHour, duration: (n: number): Duration => ({ hours: n }) },
  d: { ms: millisecondsInDay, duration: (n: number): Duration => ({ days: n }) },
} as const;

/** No provider keeps more than two years (Wangsu); this only keeps typos such as `--last 99999d` out. */
const LONGEST_LAST_MS = 3660 * millisecondsInDay;

const LAST_HINT = 'Write --last with a number and m, h or d: --last 30m, --last 6h, --last 24h, --last 7d.';
const PICK_ONE_HINT =
  'Pick one: --last 24h, --from 2026-11-20 --to 2026-11-22 (--to is optional), today or yesterday.';
const BARE_DAY = /^(\d{4}-\d{1,2}-\d{1,2}|today|yesterday)$/;

/**
 * Reads the time options of a command in `context.timeZone`. Nothing given means the last 24 hours. `--last` is
 * an exact length back from now (`7d` is 168 hours, even across a DST change); `day` and bare dates follow local
 * days. `to` never passes now. Throws UsageError, with how to write it, for bad or conflicting input.
 */
export function parseTimeRange(input: RangeInput, context: TimeContext): TimeRange {
  const given = [
    input.last !== undefined ? `--last ${input.last}` : undefined,
    input.from !== undefined || input.to !== undefined ? '--from/--to' : undefined,
    input.day,
  ].filter((option) => option !== undefined);
  if (given.length > 1) {
    throw new UsageError(`Give the time one way, not ${given.join(' and ')}.`, PICK_ONE_HINT);
  }
  if (input.day !== undefined) return dayRange(input.day, context);
  if (input.from !== undefined || input.to !== undefined) return fromToRange(input.from, input.to, context);
  return lastRange(input.last ?? '24h', context);
}

function lastRange(text: string, { now }: TimeContext): TimeRange {
  const match = LAST.exec(text.trim().toLowerCase());
  if (!match) throw new UsageError(`--last ${text} is not a length of time I can read.`, LAST_HINT);
  const count = Number(match[1]);
  const unit = LAST_UNITS[match[2] as keyof typeof LAST_UNITS];
  if (count < 1) throw new UsageError(`--last ${text} covers no time.`, LAST_HINT);
  const lengthMs = count * unit.ms;
  if (lengthMs > LONGEST_LAST_MS) {
    throw new UsageError(`--last ${text} reaches back further than any CDN keeps traffic data.`, LAST_HINT);
  }
  return { from: now - lengthMs, to: now, label: `last ${formatDuration(unit.duration(count))}` };
}

function dayRange(day: 'today' | 'yesterday', { timeZone, now }: TimeContext): TimeRange {
  const todayStart = localDayStart(now, timeZone);
  if (day === 'yesterday') {
    const from = localDayStart(now, timeZone, -1);
    return { from, to: todayStart, label: `${dateOf(from, timeZone)} (${timeZone})` };
  }
  if (todayStart >= now) {
    throw new UsageError(
      `Today has only just begun in ${timeZone}; there is no traffic yet.`,
      'Try yesterday.',
    );
  }
  const label = `today (${formatWallTime(todayStart, timeZone)} – ${timeOf(now, timeZone)}, ${timeZone})`;
  return { from: todayStart, to: now, label };
}

function fromToRange(
  fromText: string | undefined,
  toText: string | undefined,
  context: TimeContext,
): TimeRange {
  const { timeZone, now } = context;
  if (fromText === undefined) {
    throw new UsageError(
      `--to ${toText} needs a --from.`,
      'Write --from 2026-11-20 --to 2026-11-22 (a bare --to date includes that whole day), or --from alone to mean until now.',
    );
  }
  const from = readStart(fromText, context);
  if (from >= now) {
    throw new UsageError(
      `--from ${fromText} is not in the past: it is ${formatWallTime(now, timeZone)} now (${timeZone}).`,
      'Give a --from before now, e.g. --from yesterday.',
    );
  }
  // Nothing exists after now; providers clamp too (Wangsu says so), and a chart should not end in empty points.
  const to = toText === undefined ? now : Math.min(now, readEnd(toText, context));
  if (from >= to) {
    throw new UsageError(
      `--from ${fromText} is not before --to ${toText}.`,
      'Give --from earlier than --to, e.g. --from 2026-11-20 --to 2026-11-22 (a bare --to date includes that whole day).',
    );
  }
  const wholeDay = from === localDayStart(from, timeZone) && to === localDayStart(from, timeZone, 1);
  const label = wholeDay
    ? `${dateOf(from, timeZone)} (${timeZone})`
    : `${formatWallTime(from, timeZone)} – ${formatWallTime(to, timeZone)}`;
  return { from, to, label };
}

function readStart(text: string, { timeZone, now }: TimeContext): number {
  const start = parseUserTime(text, { timeZone, now, edge: 'start', flag: '--from' });
  return isBareDay(text) ? dayHolding(start, timeZone) : start;
}

/** Exclusive: a bare day ends at the next day's start; parseUserTime's 'end' edge is the day's last second. */
function readEnd(text: string, { timeZone, now }: TimeContext): number {
  if (!isBareDay(text)) return parseUserTime(text, { timeZone, now, edge: 'end', flag: '--to' });
  const start = parseUserTime(text, { timeZone, now, edge: 'start', flag: '--to' });
  return localDayStart(dayHolding(start, timeZone), timeZone, 1);
}

function isBareDay(text: string): boolean {
  return BARE_DAY.test(text.trim().toLowerCase());
}

/**
 * The start of the day parseUserTime meant by a bare date. It answers 23:00 of the day before for a day whose
 * midnight DST skips (America/Santiago); noon of that day is on the right date either way.
 */
function dayHolding(parsedStart: number, timeZone: string): number {
  return localDayStart(parsedStart + 12 * millisecondsInHour, timeZone);
}

/**
 * The granularity for a range: up to 3 days 5min, up to 7 days hour, longer day (the seed's rule, tencent-cdn.md
 * §1.4 DescribeCdnHostDetailedInfo). When the provider does not offer that interval for this length
 * (`limits.intervals`), the nearest one it does, the coarser on a tie. 1min is never chosen while a coarser
 * interval fits. When none fits the length, the coarsest offered: assertRangeAnswerable refuses such a range.
 */
export function chooseInterval(range: TimeRange, limits: TrafficLimits): Interval {
  const lengthMs = range.to - range.from;
  const wanted: Interval =
    lengthMs <= 3 * millisecondsInDay ? '5min' : lengthMs <= 7 * millisecondsInDay ? 'hour' : 'day';
  const offered = INTERVALS.filter((interval) => limits.intervals[interval] !== undefined);
  const coarsest = offered.at(-1);
  if (coarsest === undefined) {
    throw new Error('trafficLimits() offers no interval; the provider is miswritten.');
  }
  const fitting = offered.filter((interval) => (limits.intervals[interval] ?? 0) >= lengthMs);
  const coarserThanMinute = fitting.filter((interval) => interval !== '1min');
  const candidates = coarserThanMinute.length > 0 ? coarserThanMinute : fitting;
  const wantedRank = INTERVALS.indexOf(wanted);
  const distance = (interval: Interval) => Math.abs(INTERVALS.indexOf(interval) - wantedRank);
  // Candidates run finest to coarsest, so `<=` lets the coarser of two equally near ones win.
  return (
    candidates.reduce<Interval | undefined>(
      (best, interval) => (best === undefined || distance(interval) <= distance(best) ? interval : best),
      undefined,
    ) ?? coarsest
  );
}

/**
 * Throws UsageError, naming `providerName` (`Tencent`, `Wangsu`), when the provider cannot answer `range`: it
 * starts now or later, it is longer than one query may span (`limits.maxRangeMs`, or the longest any offered
 * interval allows), or it starts before the data kept (`limits.retentionMs`). Call it before any provider call,
 * with the range as it will be sent, i.e. after alignToInterval: alignment widens a range to whole intervals.
 * `context` is the one parseTimeRange takes: the injected clock judges "future" and "older than kept", and dates in
 * the messages are written in the configured timezone.
 */
export function assertRangeAnswerable(
  range: TimeRange,
  limits: TrafficLimits,
  providerName: string,
  context: TimeContext,
  /** What is asked for, when it is not traffic: `status codes`. */
  what?: string,
): void {
  const { timeZone, now } = context;
  const span = `${formatWallTime(range.from, timeZone)} – ${formatWallTime(range.to, timeZone)} ${timeZone}`;
  if (range.from >= now) {
    throw new UsageError(
      `This range starts at ${formatWallTime(range.from, timeZone)} (${timeZone}), not in the past; ${providerName} has no traffic data for it yet.`,
      'Give a --from before now, or --last 24h.',
    );
  }
  const longestMs = longestQueryMs(limits);
  const lengthMs = range.to - range.from;
  if (lengthMs > longestMs) {
    const wholeDays = Math.floor(longestMs / millisecondsInDay);
    const example = wholeDays >= 1 ? ` (e.g. --last ${wholeDays}d)` : '';
    throw new UsageError(
      `${providerName} answers ${what ? `${what} for ` : ''}at most ${describeLength(longestMs)} per query; this range is ${describeLength(lengthMs)} (${span}).`,
      `Ask for at most ${describeLength(longestMs)}${example}, or split the range with --from/--to.`,
    );
  }
  const oldestKept = now - limits.retentionMs;
  if (range.from < oldestKept) {
    const dayStart = localDayStart(oldestKept, timeZone);
    const earliest = dateOf(
      dayStart >= oldestKept ? dayStart : localDayStart(oldestKept, timeZone, 1),
      timeZone,
    );
    throw new UsageError(
      `${providerName} keeps traffic data for ${describeLength(limits.retentionMs)}, since ${formatWallTime(oldestKept, timeZone)}; this range starts at ${formatWallTime(range.from, timeZone)} (${timeZone}).`,
      `Start on ${earliest} or later, e.g. --from ${earliest}.`,
    );
  }
}

/** The longest range one query may span: the provider's bound, or the longest any offered interval allows. */
function longestQueryMs(limits: TrafficLimits): number {
  const intervalAllowances = Object.values(limits.intervals).filter((ms) => ms !== undefined);
  return Math.min(limits.maxRangeMs, Math.max(0, ...intervalAllowances));
}

/**
 * Aligns `range` to whole intervals, as alignToInterval does, without letting the widening alone take it past what
 * the provider answers: `--last 90d` widens to 91 local days, one more than Tencent spans and older than it keeps.
 * When the range as asked fits, the oldest, partial intervals that only the widening added are left out (replies
 * print the dates sent) rather than refusing what the user asked for; a range that does not fit as asked is
 * aligned plainly, for assertRangeAnswerable to refuse.
 */
export function alignWithinLimits(
  range: TimeRange,
  interval: Interval,
  limits: TrafficLimits,
  context: TimeContext,
): TimeRange {
  const aligned = alignToInterval(range, interval, context.timeZone);
  const oldestKept = context.now - limits.retentionMs;
  const fitsAsAsked = range.to - range.from <= longestQueryMs(limits) && range.from >= oldestKept;
  if (!fitsAsAsked) return aligned;
  let from = aligned.from;
  while (from < range.from && (aligned.to - from > longestQueryMs(limits) || from < oldestKept)) {
    from = nextIntervalStart(from, interval, context.timeZone);
  }
  return { ...aligned, from };
}

/**
 * The period of the same length right before `range`, for "change against the previous period". The same length
 * in ms: before a 25-hour DST day comes a 25-hour period, not the calendar day before.
 */
export function previousPeriod(range: TimeRange): TimeRange {
  const lengthMs = range.to - range.from;
  // `last 24 hours` reads best as `previous 24 hours`, even once alignment has widened the range a little.
  const label = range.label.startsWith('last ')
    ? `previous ${range.label.slice('last '.length)}`
    : `the ${describeLength(lengthMs)} before ${range.label}`;
  return { from: range.from - lengthMs, to: range.from, label };
}

/**
 * `range` widened to whole intervals in `timeZone`: `from` floored and `to` ceiled to interval starts (day starts
 * are local midnights; hours are local hours, which matters in zones such as Asia/Kolkata). The label is kept: it
 * says what the user asked for.
 */
export function alignToInterval(range: TimeRange, interval: Interval, timeZone: string): TimeRange {
  return {
    from: floorToInterval(range.from, interval, timeZone),
    to: ceilToInterval(range.to, interval, timeZone),
    label: range.label,
  };
}

/**
 * Epoch ms of each interval start in [from, to), in `timeZone`: the x axis a series is filled onto (a missing point
 * is 0). Pass an aligned range; a day interval gives local midnights, 23 or 25 hours apart across DST changes.
 */
export function intervalStarts(range: TimeRange, interval: Interval, timeZone: string): number[] {
  const starts: number[] = [];
  for (
    let start = ceilToInterval(range.from, interval, timeZone);
    start < range.to;
    start = nextIntervalStart(start, interval, timeZone)
  ) {
    starts.push(start);
  }
  return starts;
}

function floorToInterval(epochMs: number, interval: Interval, timeZone: string): number {
  if (interval === 'day') return localDayStart(epochMs, timeZone);
  const wall = wallTimeOf(epochMs, timeZone);
  const stepMinutes = FIXED_STEP_MS[interval] / millisecondsInMinute;
  const secondsIntoInterval = (wall.minute % stepMinutes) * 60 + wall.second;
  const msIntoSecond = ((epochMs % 1000) + 1000) % 1000;
  return epochMs - secondsIntoInterval * 1000 - msIntoSecond;
}

function ceilToInterval(epochMs: number, interval: Interval, timeZone: string): number {
  const floor = floorToInterval(epochMs, interval, timeZone);
  return floor === epochMs ? epochMs : nextIntervalStart(floor, interval, timeZone);
}

/**
 * From an interval start to the next. Fixed steps keep local boundaries in every zone whose offsets and DST
 * changes are whole hours (all but Australia/Lord_Howe); in the repeated hour of a DST end they give two points.
 */
function nextIntervalStart(start: number, interval: Interval, timeZone: string): number {
  return interval === 'day' ? localDayStart(start, timeZone, 1) : start + FIXED_STEP_MS[interval];
}

/** `2026-11-22` */
function dateOf(epochMs: number, timeZone: string): string {
  return formatWallTime(epochMs, timeZone).slice(0, 10);
}

/** `15:37` */
function timeOf(epochMs: number, timeZone: string): string {
  return formatWallTime(epochMs, timeZone).slice(11);
}
