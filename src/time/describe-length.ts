// The function's own module: date-fns' index loads all of date-fns (~20 MiB resident at start-up).

import { millisecondsInDay, millisecondsInMinute } from 'date-fns/constants';
import { formatDuration } from 'date-fns/formatDuration';

/**
 * A length of time for people, to the minute: `30 minutes`, `24 hours`, `25 hours` (a DST day), `7 days`,
 * `31 days 1 hour`. Days only from two days on, so a day-long range reads `24 hours`.
 */
export function describeLength(ms: number): string {
  const totalMinutes = Math.floor(ms / millisecondsInMinute);
  if (totalMinutes < 1) return 'less than a minute';
  const days = ms >= 2 * millisecondsInDay ? Math.floor(totalMinutes / (24 * 60)) : 0;
  const minutesLeft = totalMinutes - days * 24 * 60;
  return formatDuration({ days, hours: Math.floor(minutesLeft / 60), minutes: minutesLeft % 60 });
}
