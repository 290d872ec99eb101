import { UsageError } from '../errors.ts';
import { localDayStart } from '../time/local-day-start.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import type { LogDay } from './parse-log-day.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a day whose log packages the provider no longer keeps (Tencent: 30 days), before anything is asked
 * for: a day counts only when all of it is within `retentionMs` of `now`, so no half day is ever listed or merged
 * as if it were whole.
 */
export function assertLogDayKept(
  day: LogDay,
  options: { retentionMs: number; now: number; timeZone: string; providerName: string },
): void {
  const { now, retentionMs, timeZone } = options;
  const oldest = now - retentionMs;
  if (day.from >= oldest) return;
  const startOfOldest = localDayStart(oldest, timeZone);
  const earliest = startOfOldest >= oldest ? startOfOldest : localDayStart(oldest, timeZone, 1);
  throw new UsageError(
    `${options.providerName} keeps log packages for ${Math.round(retentionMs / DAY_MS)} days; ${day.label} is older than that.`,
    `Ask for a day from ${formatWallTime(earliest, timeZone).slice(0, 10)} to today (${timeZone}).`,
  );
}
