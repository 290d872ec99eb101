/**
 * Schemas of the Wangsu report and log-link answers cdnops reads (reference wangsu-cdn.md §2.4, §2.5). Only the
 * fields we use are named. Times arrive as UTC+8 wall clock and leave as epoch ms of the instant written, so a
 * malformed time is refused here rather than becoming NaN later; turning a bucket's end into its start is the
 * caller's job, since it depends on the interval asked for. Counts may be strings in scientific notation
 * (`"1.642565E6"`), which `NumberLike` reads.
 */
import * as z from 'zod';
import { NumberLike, Text } from './schema.ts';

const UTC8_MS = 8 * 60 * 60 * 1000;

/**
 * `yyyy-MM-dd HH:mm` (5-minute data), `yyyy-MM-dd HH` (hourly), `yyyy-MM-dd` (daily), or with seconds. The hour
 * may be `24`: the end of a day's last bucket is written `24:00`, not the next day's `00:00`.
 */
const REPORT_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?$/;
/** `yyyy-MM-dd-HHmm`, the log files' `dateFrom`/`dateTo`. */
const LOG_TIME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})$/;

function chinaWallTime(parts: readonly (string | undefined)[]): number | undefined {
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.map((part) => Number(part ?? 0));
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > 31 ||
    hour > 24 ||
    minute > 59 ||
    second > 59 ||
    (hour === 24 && (minute > 0 || second > 0))
  ) {
    return undefined;
  }
  return Date.UTC(year!, month! - 1, day, hour, minute, second) - UTC8_MS;
}

function wallTime(pattern: RegExp, expected: string) {
  return z.string().transform((text, ctx) => {
    const match = pattern.exec(text.trim());
    const ms = match ? chinaWallTime(match.slice(1)) : undefined;
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got "${text}"` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A report timestamp as epoch ms of the instant written (for 5-minute and hourly data: the bucket's end). */
export const ReportTime = wallTime(REPORT_TIME, 'yyyy-MM-dd HH:mm, yyyy-MM-dd HH or yyyy-MM-dd (UTC+8)');
export const LogTime = wallTime(LOG_TIME, 'yyyy-MM-dd-HHmm (UTC+8)');

/** `POST /api/report/domainflow`: MB per bucket, 2 decimals. */
export const DomainFlowReport = z.object({
  'flow-summary': NumberLike.nullish(),
  'flow-data': z.array(z.object({ timestamp: ReportTime, flow: NumberLike })).nullish(),
});
export type DomainFlowReport = z.infer<typeof DomainFlowReport>;

/** `POST /api/report/domainbandwidth`: Mbps per bucket, 4 decimals. */
export const DomainBandwidthReport = z.object({
  bandwidthReport: z.array(z.object({ timestamp: ReportTime, bandwidth: NumberLike })).nullish(),
});
export type DomainBandwidthReport = z.infer<typeof DomainBandwidthReport>;

/** `POST /api/report/domainhit`: requests per bucket. */
export const DomainHitReport = z.object({
  'hit-summary': NumberLike.nullish(),
  'hit-data': z.array(z.object({ timestamp: ReportTime, hit: NumberLike })).nullish(),
});
export type DomainHitReport = z.infer<typeof DomainHitReport>;

/**
 * `POST /api/report/request/hit-ratio/total`: the request hit ratio of the listed domains together, per bucket, as a
 * string with 4 decimals. Read as percent (0–100): the SDK says only "keep 4 decimal places", and its edge variant
 * gives the average "with 2 decimals", too coarse for a ratio of 1 [inferred].
 */
export const RequestHitRatioReport = z.object({
  code: Text.nullish(),
  message: z.string().nullish(),
  data: z
    .array(
      z.object({
        totalAvg: NumberLike.nullish(),
        hitRatioDatas: z.array(z.object({ timestamp: ReportTime, hitRatio: NumberLike })).nullish(),
      }),
    )
    .nullish(),
});
export type RequestHitRatioReport = z.infer<typeof RequestHitRatioReport>;

export const StatusCodeData = z.object({
  statusCode: Text,
  statusCodeType: z.string().nullish(),
  totalRequest: NumberLike,
  requestData: z.array(z.object({ timestamp: ReportTime, value: NumberLike })).nullish(),
});
export type StatusCodeData = z.infer<typeof StatusCodeData>;

/** `POST /api/report/status-code` with `groupBy: "domain"`: one entry per domain. */
export const StatusCodeReport = z.object({
  result: z
    .array(z.object({ domain: z.string().nullish(), statusCodeData: z.array(StatusCodeData).nullish() }))
    .nullish(),
});
export type StatusCodeReport = z.infer<typeof StatusCodeReport>;

export const LogFile = z.object({
  dateFrom: LogTime,
  dateTo: LogTime,
  logUrl: z.string(),
  fileSize: NumberLike.nullish(),
});
export type LogFile = z.infer<typeof LogFile>;

/** `POST /api/report/log/downloadLink`. */
export const LogDownloadLinks = z.object({
  logs: z.array(z.object({ domain: z.string(), files: z.array(LogFile).nullish() })).nullish(),
});
export type LogDownloadLinks = z.infer<typeof LogDownloadLinks>;
