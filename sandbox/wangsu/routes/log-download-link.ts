import { z } from 'zod';
import { classicError } from '../api-error.ts';
import { listLogFiles, logFileBody, logFileName } from '../log-files.ts';
import { DAY_MS, HOUR_MS, REPORT_RETENTION_MS, reportRange } from '../report-time.ts';
import { formatBeijingTime } from '../wangsu-time.ts';
import { parseClassicBody } from './parse-body.ts';
import { reportDomains } from './report-domains.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

const LOG_TYPES = ['cdn', 'bot', 'ddos'] as const;

/** All parameters in the body, as the SDK model has them (reference §2.5); the camel-case dates are read too. */
const DownloadLinkBody = z.object({
  datefrom: z.string().optional(),
  dateto: z.string().optional(),
  dateFrom: z.string().optional(),
  dateTo: z.string().optional(),
  'domain-list': z
    .object({ 'domain-name': z.union([z.array(z.string()), z.string().transform((name) => [name])]) })
    .optional(),
  /** Comma-separated; default `cdn,bot`. */
  logType: z.string().optional(),
  areaCode: z.string().optional(),
});

const MAX_SPAN_MS = 31 * DAY_MS;
/** How long a link works. The reference gives the field (`urlExpireTime`), not the lifetime: one day here. */
const LINK_LIFETIME_MS = DAY_MS;

/** `2026-11-22-0900`, UTC+8. */
function fileTime(epochMs: number): string {
  const text = formatBeijingTime(epochMs);
  return `${text.slice(0, 10)}-${text.slice(11, 13)}${text.slice(14, 16)}`;
}

/** `<sandbox url>/logs/<file name>?expires=<epoch s>`: served by `handleLogDownload`, without signature. */
export function logUrl(baseUrl: string, name: string, expiresMs: number): string {
  return `${baseUrl}/logs/${encodeURIComponent(name)}?expires=${Math.floor(expiresMs / 1000)}`;
}

/**
 * `POST /api/report/log/downloadLink`: each listed domain's hourly `cdn` log files whose hour overlaps
 * [datefrom, dateto], oldest first, with a download link, `dateFrom`/`dateTo` of the hour (`yyyy-MM-dd-HHmm`, the
 * end exclusive) and `fileSize` in bytes. `bot` and `ddos` logs are not modelled: asked alone, they list no files.
 * At most 31 days, within 2 years, 20 domains (none means all). Refusals are 400 `InvalidParameter`.
 */
export function logDownloadLink(ctx: RouteContext): RouteReply {
  const body = parseClassicBody(ctx, DownloadLinkBody);
  const { from, to } = reportRange(
    {
      from: body.datefrom ?? body.dateFrom,
      to: body.dateto ?? body.dateTo,
      names: ['datefrom', 'dateto'],
    },
    { maxSpanMs: MAX_SPAN_MS, retentionMs: REPORT_RETENTION_MS, now: ctx.now, what: 'Log download links' },
  );
  const types = (body.logType ?? 'cdn,bot').split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !(LOG_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw classicError(
      400,
      'InvalidParameter',
      `logType takes cdn, bot and ddos; not ${unknown.join(', ')}.`,
    );
  }
  const domains = reportDomains(ctx.account, body['domain-list']?.['domain-name'], {
    field: 'domain-list.domain-name',
    required: false,
  });
  const expires = ctx.now + LINK_LIFETIME_MS;
  return {
    status: 200,
    body: {
      logs: domains.map((domain) => ({
        domain,
        areaCode: body.areaCode ?? 'cn',
        files: (types.includes('cdn') ? listLogFiles(domain, from, to, ctx.now) : []).map((ref) => ({
          dateFrom: fileTime(ref.hourStart),
          dateTo: fileTime(ref.hourStart + HOUR_MS),
          logUrl: logUrl(ctx.baseUrl, logFileName(ref), expires),
          fileSize: logFileBody(ref).length,
          urlExpireTime: formatBeijingTime(expires),
        })),
      })),
    },
  };
}
