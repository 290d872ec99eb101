import { UsageError } from '../errors.ts';
import { localDayStart } from '../time/local-day-start.ts';
import { epochOfWallTime, formatWallTime } from '../time/zoned-time.ts';

/** One calendar day in the configured timezone: [from, to) in epoch ms. */
export interface LogDay {
  from: number;
  to: number;
  /** `2026-11-22`, for people. */
  label: string;
  /** `20261122`, for file names (the seeds' GetDayLog.py naming). */
  compact: string;
}

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * The day of `logs --day D` and `cdnops logs fetch --day D`: `YYYY-MM-DD`, `YYYYMMDD` (as GetDayLog.py took it),
 * `today` or `yesterday` (the default), in `timeZone`. A day that has not begun yet is refused; how far back is
 * allowed depends on the provider (see `assertLogDayKept`).
 */
export function parseLogDay(text: string | undefined, options: { timeZone: string; now: number }): LogDay {
  const { timeZone, now } = options;
  const typed = (text ?? 'yesterday').trim().toLowerCase();
  let start: number;
  if (typed === 'today') start = localDayStart(now, timeZone);
  else if (typed === 'yesterday') start = localDayStart(now, timeZone, -1);
  else {
    const match = ISO_DAY.exec(typed) ?? COMPACT_DAY.exec(typed);
    const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (!match || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
      throw new UsageError(
        `--day ${text} is not a day I can read.`,
        `Write --day 2026-11-20, --day 20261120, today or yesterday (days are ${timeZone}).`,
      );
    }
    // Noon is on the right date even where midnight is skipped by DST; localDayStart finds when the day begins.
    start = localDayStart(
      epochOfWallTime({ year, month, day, hour: 12, minute: 0, second: 0 }, timeZone),
      timeZone,
    );
  }
  if (start > now) {
    throw new UsageError(
      `${formatDay(start, timeZone)} has not begun yet (${timeZone}).`,
      'Ask for today or an earlier day.',
    );
  }
  const label = formatDay(start, timeZone);
  return { from: start, to: localDayStart(start, timeZone, 1), label, compact: label.replaceAll('-', '') };
}

function formatDay(epochMs: number, timeZone: string): string {
  return formatWallTime(epochMs, timeZone).slice(0, 10);
}
