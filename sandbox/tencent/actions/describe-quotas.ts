import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { parseParams } from '../parse-params.ts';
import { availableQuota, QUOTA_AREAS } from '../quota.ts';
import type { QuotaKind } from '../types.ts';

const NoParams = z.strictObject({});

/** `Quota[]` for one kind: `{Batch, Total, Available, Area}` for mainland, then overseas. */
function quotas(ctx: ActionContext, kind: QuotaKind): Record<string, unknown>[] {
  const limit = ctx.state.quotas[kind];
  return QUOTA_AREAS.map((area) => ({
    Batch: limit.batch,
    Total: limit.total,
    Available: availableQuota(ctx.account, kind, area, limit, ctx.now),
    Area: area,
  }));
}

/** Today's URL and directory purge quotas for this account. */
export function describePurgeQuota(params: unknown, ctx: ActionContext): Record<string, unknown> {
  parseParams(NoParams, params);
  return { UrlPurge: quotas(ctx, 'urlPurge'), PathPurge: quotas(ctx, 'pathPurge') };
}

/** Today's prefetch quota for this account. */
export function describePushQuota(params: unknown, ctx: ActionContext): Record<string, unknown> {
  parseParams(NoParams, params);
  return { UrlPush: quotas(ctx, 'urlPush') };
}
