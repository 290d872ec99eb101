/**
 * Time rules shared by the statistics and log actions (DescribeCdnData, ListTopData, DescribeCdnDomainLogs):
 * `YYYY-MM-DD HH:mm:ss` in UTC+8, refused with Tencent's stats date code, and retention counted in whole
 * Beijing days ("the last 30 days" includes all of the day 30 days ago).
 */
import { ApiError } from './api-error.ts';
import { parseBeijingTime } from './beijing-time.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const UTC8_MS = 8 * HOUR_MS;

/** Epoch ms of a stats time parameter; `InvalidParameter.CdnStatInvalidDate` if it is not one. */
export function parseStatTime(name: string, text: string): number {
  const ms = parseBeijingTime(text);
  if (ms === undefined) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `${name} must be YYYY-MM-DD HH:mm:ss (UTC+8), got \`${text}\`.`,
    );
  }
  return ms;
}

/** StartTime and EndTime, refusing an end before the start. */
export function parseStatRange(startTime: string, endTime: string): { start: number; end: number } {
  const start = parseStatTime('StartTime', startTime);
  const end = parseStatTime('EndTime', endTime);
  if (end < start) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `EndTime ${endTime} is earlier than StartTime ${startTime}.`,
    );
  }
  return { start, end };
}

/** The Beijing midnight at or before `epochMs`. */
export function beijingMidnight(epochMs: number): number {
  return Math.floor((epochMs + UTC8_MS) / DAY_MS) * DAY_MS - UTC8_MS;
}

/** The oldest instant still kept when data is kept for `days` days: Beijing midnight `days` days before today. */
export function retentionStart(nowMs: number, days: number): number {
  return beijingMidnight(nowMs) - days * DAY_MS;
}
