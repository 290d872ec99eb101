/** Tencent's shapes onto the shared provider types: the one seam between their field names and ours. */

import { parseChinaTime } from '../china-time.ts';
import type {
  Area,
  DomainDetail,
  DomainStatus,
  DomainSummary,
  Quota,
  QuotaKind,
  TaskRecord,
  TaskState,
} from '../types.ts';
import { toCertificateInfo } from './certificates.ts';
import type { BriefDomain, DetailDomain, PurgeLog, PushLog, TencentQuota } from './schema.ts';

const STATUSES: Readonly<Record<string, DomainStatus>> = {
  online: 'online',
  offline: 'offline',
  processing: 'processing',
  rejected: 'rejected',
  closing: 'closing',
};

const AREAS: Readonly<Record<string, Area>> = {
  mainland: 'mainland',
  overseas: 'overseas',
  global: 'global',
};

export function toDomainSummary(domain: BriefDomain): DomainSummary {
  return {
    domain: domain.Domain,
    id: domain.ResourceId,
    status: STATUSES[domain.Status] ?? 'unknown',
    cname: domain.Cname ?? undefined,
    origins: domain.Origin?.Origins ?? [],
    serviceType: domain.ServiceType ?? undefined,
    area: domain.Area ? AREAS[domain.Area] : undefined,
    projectId: domain.ProjectId ?? undefined,
    // "normal" is the only value meaning nothing is wrong; others (overdue, malicious, idle...) explain a stop.
    disabledReason: domain.Disable && domain.Disable !== 'normal' ? domain.Disable : undefined,
    updatedAt: domain.UpdateTime ?? undefined,
  };
}

export function toDomainDetail(domain: DetailDomain): DomainDetail {
  const simpleCache = domain.Cache?.SimpleCache;
  return {
    ...toDomainSummary(domain),
    originHost: domain.Origin?.ServerName ?? undefined,
    originType: domain.Origin?.OriginType ?? undefined,
    originProtocol: pullProtocol(domain.Origin?.OriginPullProtocol),
    backupOrigins: domain.Origin?.BackupOrigins ?? [],
    fullUrlCache: onOff(domain.CacheKey?.FullUrlCache),
    cacheRules: (simpleCache?.CacheRules ?? []).map((rule) => ({
      type: rule.CacheType,
      contents: rule.CacheContents ?? [],
      seconds: rule.CacheTime,
    })),
    followOrigin: onOff(simpleCache?.FollowOrigin),
    referer: domain.Referer
      ? {
          enabled: domain.Referer.Switch === 'on',
          rules: (domain.Referer.RefererRules ?? []).map((rule) => ({
            type: rule.RefererType === 'blacklist' ? 'blacklist' : 'whitelist',
            referers: rule.Referers ?? [],
            allowEmpty: rule.AllowEmpty ?? false,
            ruleType: rule.RuleType,
            rulePaths: rule.RulePaths ?? [],
          })),
        }
      : undefined,
    https: onOff(domain.Https?.Switch),
    certificate: domain.Https?.Switch === 'on' ? toCertificateInfo(domain.Https.CertInfo) : undefined,
  };
}

/** `http`, `https` or `follow`; anything else Tencent may add later is not guessed at. */
function pullProtocol(value: string | null | undefined): DomainDetail['originProtocol'] {
  return value === 'http' || value === 'https' || value === 'follow' ? value : undefined;
}

function onOff(value: string | null | undefined): boolean | undefined {
  if (value === 'on') return true;
  if (value === 'off') return false;
  return undefined;
}

export function toTaskState(status: string): TaskState {
  if (status === 'done') return 'done';
  // "invalid" (prefetch of a URL the origin refused) is a failure as far as the user is concerned.
  if (status === 'fail' || status === 'invalid') return 'fail';
  return 'process';
}

export function purgeLogToTask(log: PurgeLog): TaskRecord {
  return {
    taskId: log.TaskId,
    url: log.Url,
    state: toTaskState(log.Status),
    kind: log.PurgeType === 'path' ? 'dir' : 'url',
    flushType: log.FlushType ?? undefined,
    createdAt: log.CreateTime ? parseChinaTime(log.CreateTime) : undefined,
  };
}

export function pushLogToTask(log: PushLog): TaskRecord {
  return {
    taskId: log.TaskId,
    url: log.Url,
    state: toTaskState(log.Status),
    kind: 'prefetch',
    flushType: undefined,
    createdAt: log.CreateTime ? parseChinaTime(log.CreateTime) : undefined,
  };
}

export function toQuota(kind: QuotaKind, quota: TencentQuota): Quota {
  return {
    kind,
    area: AREAS[quota.Area] ?? 'mainland',
    batch: quota.Batch,
    total: quota.Total,
    available: quota.Available,
  };
}
