import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { parseParams } from '../parse-params.ts';
import { submitTask } from '../submit-task.ts';

const Params = z.strictObject({
  Urls: z.array(z.string()),
  Area: z.enum(['mainland', 'overseas']).optional(),
  UrlEncode: z.boolean().optional(),
});

/** Purges URLs (`http(s)://host/...` of online or processing domains of this account). */
export function purgeUrlsCache(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Urls, Area, UrlEncode } = parseParams(Params, params);
  return { TaskId: submitTask(ctx, { kind: 'urlPurge', urls: Urls, area: Area, urlEncode: UrlEncode }) };
}
