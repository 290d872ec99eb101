import { epochOfWallTime, wallTimeOf } from './zoned-time.ts';

/**
 * The first instant of the local day in `timeZone` that holds `epochMs`, or of the day `days` later (negative:
 * earlier). Usually local midnight; where DST starts at midnight (America/Santiago, Africa/Cairo) the day begins
 * when the clocks jump, at 01:00. Days are 23 or 25 hours long across DST changes, so step with this, not with
 * 24 hours.
 */
export function localDayStart(epochMs: number, timeZone: string, days = 0): number {
  const wall = wallTimeOf(epochMs, timeZone);
  // Date.UTC rolls day 0 or 32 over into the neighbouring month: calendar arithmetic on the local date.
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  const midnight = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  };
  const start = epochOfWallTime(midnight, timeZone);
  // When 00:00 does not exist, epochOfWallTime answers the same wall time in the old offset: an instant on the
  // day before (23:00 in Santiago). The day then begins that gap later, when the clocks jump.
  const landed = wallTimeOf(start, timeZone);
  const gapMs =
    Date.UTC(midnight.year, midnight.month - 1, midnight.day) -
    Date.UTC(landed.year, landed.month - 1, landed.day, landed.hour, landed.minute, landed.second);
  return gapMs > 0 ? start + gapMs : start;
}
