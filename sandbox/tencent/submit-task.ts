import { randomUUID } from 'node:crypto';
import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import { chargeQuota } from './quota.ts';
import type { TaskEntry } from './state.ts';
import type { DomainState, QuotaKind, SandboxArea } from './types.ts';

/** Error codes per kind, from the Go SDK's per-action error lists. */
const CODES: Record<QuotaKind, { batch: string; day: string; noun: string }> = {
  urlPurge: {
    batch: 'LimitExceeded.CdnPurgeUrlExceedBatchLimit',
    day: 'LimitExceeded.CdnPurgeUrlExceedDayLimit',
    noun: 'URLs',
  },
  pathPurge: {
    batch: 'LimitExceeded.CdnPurgePathExceedBatchLimit',
    day: 'LimitExceeded.CdnPurgePathExceedDayLimit',
    noun: 'directories',
  },
  urlPush: {
    batch: 'LimitExceeded.CdnPushExceedBatchLimit',
    day: 'LimitExceeded.CdnPushExceedDayLimit',
    noun: 'URLs',
  },
};

const HOST = /^https?:\/\/([^/?#:@]+)(?::\d+)?(?:[/?#]|$)/i;

/** Percent-encodes non-ASCII characters only, which is what `UrlEncode: true` asks Tencent to do. */
function encodeNonAscii(url: string): string {
  return url.replace(/\P{ASCII}+/gu, (text) => encodeURIComponent(text));
}

function findDomain(ctx: ActionContext, url: string): DomainState {
  const host = HOST.exec(url)?.[1]?.toLowerCase();
  if (!host) {
    throw new ApiError(
      'InvalidParameter.CdnParamError',
      `\`${url}\` must start with http:// or https:// and a host.`,
    );
  }
  const domain = ctx.account.domains.find((d) => d.domain === host);
  if (!domain)
    throw new ApiError('ResourceNotFound.CdnHostNotExists', `Domain ${host} is not in this account.`);
  return domain;
}

/**
 * Purges may target online or processing domains, in the domain's own area unless `Area` narrows it (it must then
 * be one the domain accelerates). Prefetch needs the domain online in the requested area, which defaults to mainland.
 */
function entryArea(kind: QuotaKind, domain: DomainState, requested: SandboxArea | undefined): SandboxArea {
  const covers = (area: SandboxArea) => domain.area === 'global' || domain.area === area;
  if (kind === 'urlPush') {
    const area = requested ?? 'mainland';
    if (domain.status !== 'online' || !covers(area)) {
      throw new ApiError(
        'ResourceUnavailable.CdnHostIsNotOnline',
        `Domain ${domain.domain} is not online in ${area} (status ${domain.status}, area ${domain.area}).`,
      );
    }
    return area;
  }
  if (domain.status === 'offline') {
    throw new ApiError('InvalidParameter.CdnHostInvalidStatus', `Domain ${domain.domain} is offline.`);
  }
  if (requested && !covers(requested)) {
    throw new ApiError(
      'InvalidParameter.CdnParamError',
      `Area ${requested} does not match the acceleration area of ${domain.domain} (${domain.area}).`,
    );
  }
  return requested ?? domain.area;
}

/**
 * The shared path of PurgeUrlsCache, PurgePathCache and PushUrlsCache: check the batch, every URL's domain and the
 * daily quota, then record one task. Returns its TaskId.
 */
export function submitTask(
  ctx: ActionContext,
  input: {
    kind: QuotaKind;
    urls: readonly string[];
    area?: SandboxArea | undefined;
    urlEncode?: boolean | undefined;
    flushType?: 'flush' | 'delete';
  },
): string {
  const limit = ctx.state.quotas[input.kind];
  const codes = CODES[input.kind];
  if (input.urls.length === 0) {
    throw new ApiError('InvalidParameter.CdnParamError', `At least one of the ${codes.noun} is required.`);
  }
  if (input.urls.length > limit.batch) {
    throw new ApiError(
      codes.batch,
      `${input.urls.length} ${codes.noun} submitted; at most ${limit.batch} per request.`,
    );
  }
  const entries: TaskEntry[] = input.urls.map((requestedUrl) => {
    const domain = findDomain(ctx, requestedUrl);
    const url = input.urlEncode ? encodeNonAscii(requestedUrl) : requestedUrl;
    return { url, requestedUrl, area: entryArea(input.kind, domain, input.area) };
  });
  chargeQuota({
    account: ctx.account,
    kind: input.kind,
    limit,
    entryAreas: entries.map((entry) => entry.area),
    nowMs: ctx.now,
    dayLimitCode: codes.day,
  });
  const taskId = randomUUID();
  ctx.account.tasks.push({
    taskId,
    kind: input.kind,
    entries,
    flushType: input.flushType ?? 'flush',
    createdAt: ctx.now,
  });
  return taskId;
}
