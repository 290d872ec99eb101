import { escapeMrkdwn } from '../render/format.ts';
import type { TimeRange } from '../time/time-range.ts';
import { formatWallTime } from '../time/zoned-time.ts';

/**
 * The period a traffic reply covers, for its context line: the range as the user asked for it, and for a
 * `last …` range also the wall times it became once aligned to the data's interval (`last 24 hours: 2026-11-22
 * 10:00 – 2026-11-23 10:00 (Asia/Shanghai)`). Labels that already name the days are not repeated.
 */
export function describeRange(asked: TimeRange, sent: TimeRange, timeZone: string): string {
  const label = escapeMrkdwn(asked.label);
  if (asked.label.startsWith('last ')) {
    return `${label}: ${formatWallTime(sent.from, timeZone)} – ${formatWallTime(sent.to, timeZone)} (${timeZone})`;
  }
  return asked.label.includes(timeZone) ? label : `${label} (${timeZone})`;
}
