import { UsageError } from '../errors.ts';
import { localDayStart } from './local-day-start.ts';
import { epochOfWallTime } from './zoned-time.ts';

const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a time a person typed, in `timeZone`: `2026-11-20`, `2026-11-20 14:30`, `2026-11-20T14:30:00`, `today`,
 * `yesterday`. A bare date means the start of that day, or its end when `edge` is 'end' (so `--to 2026-11-20`
 * includes the whole day).
 */
export function parseUserTime(
  text: string,
  options: { timeZone: string; now: number; edge: 'start' | 'end'; flag: string },
): number {
  const { timeZone, now, edge } = options;
  const lowered = text.trim().toLowerCase();
  // The end of a day is the next local day's start minus a second: days are 23 or 25 hours across DST changes.
  const dayEdge = (start: number) =>
    edge === 'start' ? start : Math.min(now, localDayStart(start, timeZone, 1) - 1000);
  if (lowered === 'today') return dayEdge(localDayStart(now, timeZone));
  if (lowered === 'yesterday') return dayEdge(localDayStart(now, timeZone, -1));
  const match = DATE_TIME.exec(lowered);
  const invalid = () =>
    new UsageError(
      `${options.flag} ${text} is not a date I can read.`,
      `Write ${options.flag} 2026-11-20, ${options.flag} "2026-11-20 14:30", today or yesterday (times are ${timeZone}).`,
    );
  if (!match) throw invalid();
  const [, y, mo, d, h, mi, s] = match;
  const wall = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
  };
  const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (
    probe.getUTCMonth() !== wall.month - 1 ||
    probe.getUTCDate() !== wall.day ||
    wall.hour > 23 ||
    wall.minute > 59 ||
    wall.second > 59
  ) {
    throw invalid();
  }
  const epoch = epochOfWallTime(wall, timeZone);
  return h === undefined ? dayEdge(localDayStart(epoch, timeZone)) : epoch;
}
