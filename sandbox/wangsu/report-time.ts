/**
 * Time rules of the report and log-link APIs (reference §2.4, §2.5). Times sent are `yyyy-MM-ddTHH:mm:ss+08:00`;
 * a `dateTo` later than now is clamped to now; data goes back 2 years. Buckets are answered "ending at": a
 * 5-minute bucket stamped `2026-11-22 00:05` covers 00:00–00:05, the last one of a day is `24:00`, and hourly
 * buckets likewise (`2026-11-22 01` … `2026-11-22 24`). A daily bucket `2026-11-22` is that day itself: a date has
 * no time of day to end at, and the reference states the preceding-interval rule for 5-minute and hourly data only.
 */
import { beijingMidnight, DAY_MS, HOUR_MS, MINUTE_MS } from '../tencent/stat-time.ts';
import { classicError } from './api-error.ts';
import { formatBeijingTime, parseBeijingTime } from './wangsu-time.ts';

export { beijingMidnight, DAY_MS, HOUR_MS, MINUTE_MS };

/** "The last 2 years" (reference §2.4), counted as 730 days. */
export const REPORT_RETENTION_MS = 730 * DAY_MS;

export type ReportType = 'fiveminutes' | 'hourly' | 'daily';

export const REPORT_TYPES: readonly ReportType[] = ['fiveminutes', 'hourly', 'daily'];

const STEP_MS: Readonly<Record<ReportType, number>> = {
  fiveminutes: 5 * MINUTE_MS,
  hourly: HOUR_MS,
  daily: DAY_MS,
};

const REPORT_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\+08:00$/;

/** Epoch ms of a `yyyy-MM-ddTHH:mm:ss+08:00` parameter; 400 `InvalidParameter` naming it otherwise. */
export function parseReportTime(name: string, text: string | null | undefined): number {
  if (text === null || text === undefined || text === '') {
    throw classicError(400, 'InvalidParameter', `${name} is required, as yyyy-MM-ddTHH:mm:ss+08:00.`);
  }
  const match = REPORT_TIME.exec(text);
  const ms = match ? parseBeijingTime(`${match[1]} ${match[2]}`) : undefined;
  if (ms === undefined) {
    // A `+` left unencoded in a query string arrives as a space.
    const hint = / 08:00$/.test(text) ? ' Encode the + of +08:00 as %2B in the query string.' : '';
    throw classicError(
      400,
      'InvalidParameter',
      `${name} must be yyyy-MM-ddTHH:mm:ss+08:00, got "${text}".${hint}`,
    );
  }
  return ms;
}

/**
 * `dateFrom` and `dateTo` read and checked: `dateTo` clamped to now, not before `dateFrom`, the span at most
 * `maxSpanMs` and `dateFrom` no older than `retentionMs`. `what` names the limits in refusals.
 */
export function reportRange(
  input: { from: string | null | undefined; to: string | null | undefined; names: [string, string] },
  limits: { maxSpanMs: number; retentionMs: number; now: number; what: string },
): { from: number; to: number } {
  const [fromName, toName] = input.names;
  const from = parseReportTime(fromName, input.from);
  const to = Math.min(parseReportTime(toName, input.to), limits.now);
  if (from > limits.now) {
    throw classicError(400, 'InvalidParameter', `${fromName} ${input.from} is in the future.`);
  }
  if (to < from) {
    throw classicError(
      400,
      'InvalidParameter',
      `${toName} ${input.to} is earlier than ${fromName} ${input.from}.`,
    );
  }
  if (to - from > limits.maxSpanMs) {
    throw classicError(
      400,
      'InvalidParameter',
      `${limits.what} spans at most ${limits.maxSpanMs / DAY_MS} days between ${fromName} and ${toName}.`,
    );
  }
  if (from < limits.now - limits.retentionMs) {
    throw classicError(
      400,
      'InvalidParameter',
      `${limits.what} covers the last ${Math.round(limits.retentionMs / DAY_MS)} days only; ${fromName} ${input.from} is older.`,
    );
  }
  return { from, to };
}

/** The buckets whose start lies in [floor(from), floor(to)], both ends rounded down to the bucket. */
export function reportBuckets(
  type: ReportType,
  from: number,
  to: number,
): { startMs: number; stepMs: number; count: number } {
  const stepMs = STEP_MS[type];
  const floor = (ms: number) => (type === 'daily' ? beijingMidnight(ms) : ms - (ms % stepMs));
  const startMs = floor(from);
  return { startMs, stepMs, count: Math.round((floor(to) - startMs) / stepMs) + 1 };
}

/** `yyyy-MM-dd HH:mm` of a bucket end, with `24:00` rather than the next day's `00:00`. */
function endingAt(endMs: number): string {
  if (endMs === beijingMidnight(endMs)) return `${formatBeijingTime(endMs - DAY_MS).slice(0, 10)} 24:00`;
  return formatBeijingTime(endMs).slice(0, 16);
}

/** The timestamp of a 1-minute bucket starting at `startMs` (hit-ratio report): `yyyy-MM-dd HH:mm`, ending at. */
export function minuteBucketTimestamp(startMs: number): string {
  return endingAt(startMs + MINUTE_MS);
}

/** The timestamp a bucket starting at `startMs` is answered with (see the top of this file). */
export function bucketTimestamp(type: ReportType, startMs: number): string {
  switch (type) {
    case 'fiveminutes':
      return endingAt(startMs + STEP_MS.fiveminutes);
    case 'hourly':
      return endingAt(startMs + HOUR_MS).slice(0, 13);
    case 'daily':
      return formatBeijingTime(startMs).slice(0, 10);
  }
}
