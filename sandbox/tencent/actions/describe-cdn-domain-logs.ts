import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { formatBeijingTime } from '../beijing-time.ts';
import {
  LOG_RETENTION_DAYS,
  type LogArea,
  type LogPackageRef,
  listLogPackages,
  logHourId,
  logPackageBody,
  logPackageName,
} from '../log-packages.ts';
import { parseParams } from '../parse-params.ts';
import { HOUR_MS, parseStatRange, retentionStart } from '../stat-time.ts';

const Params = z.strictObject({
  Domain: z.string(),
  StartTime: z.string(),
  EndTime: z.string(),
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(1).max(1000).optional(),
  Area: z.enum(['mainland', 'overseas', 'global']).optional(),
  LogType: z.literal('access').optional(),
});

/** Tencent's log links are valid for one day. */
const LINK_LIFETIME_S = 24 * 60 * 60;

/** `<sandbox url>/logs/<domain>/<YYYYMMDDHH>.gz?[area=overseas&]expires=<epoch s>`. */
function logPath(baseUrl: string, ref: LogPackageRef, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + LINK_LIFETIME_S;
  const area = ref.area === 'overseas' ? 'area=overseas&' : '';
  return `${baseUrl}/logs/${ref.domain.domain}/${logHourId(ref.hourStart)}.gz?${area}expires=${expires}`;
}

/**
 * Hourly access-log packages of one domain whose hour overlaps [StartTime, EndTime], oldest first. Area defaults
 * to mainland; `global` lists mainland and overseas packages (a global domain has both). Only the last 30 days
 * (whole Beijing days). Limit defaults to 100, at most 1000. FileSize is the exact size of the download.
 */
export function describeCdnDomainLogs(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const query = parseParams(Params, params);
  const name = query.Domain.toLowerCase();
  const domain = ctx.account.domains.find((candidate) => candidate.domain === name);
  if (!domain) {
    throw new ApiError(
      'ResourceNotFound.CdnHostNotExists',
      `The domain ${query.Domain} is not in this account.`,
    );
  }
  const { start, end } = parseStatRange(query.StartTime, query.EndTime);
  if (start < retentionStart(ctx.now, LOG_RETENTION_DAYS)) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `Logs are kept for the last ${LOG_RETENTION_DAYS} days only; StartTime ${query.StartTime} is older.`,
    );
  }
  const area = query.Area ?? 'mainland';
  const areas: LogArea[] = area === 'global' ? ['mainland', 'overseas'] : [area];
  const offset = query.Offset ?? 0;
  const packages = listLogPackages(domain, areas, start, end, ctx.now);
  return {
    DomainLogs: packages.slice(offset, offset + (query.Limit ?? 100)).map((ref) => ({
      StartTime: formatBeijingTime(ref.hourStart),
      EndTime: formatBeijingTime(ref.hourStart + HOUR_MS - 1000),
      LogPath: logPath(ctx.state.url, ref, ctx.now),
      Area: ref.area,
      LogName: logPackageName(ref),
      FileSize: logPackageBody(ref).length,
    })),
    TotalCount: packages.length,
  };
}
