import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { parseParams } from '../parse-params.ts';
import { submitTask } from '../submit-task.ts';

// Every documented field is accepted so a valid request never meets UnknownParameter; only Urls, Area and
// UrlEncode change what the sandbox does.
const Params = z.strictObject({
  Urls: z.array(z.string()),
  UserAgent: z.string().optional(),
  Area: z.enum(['mainland', 'overseas', 'global']).optional(),
  Layer: z.string().optional(),
  ParseM3U8: z.boolean().optional(),
  DisableRange: z.boolean().optional(),
  Headers: z
    .array(z.object({ Name: z.string(), Value: z.string() }))
    .max(20)
    .optional(),
  UrlEncode: z.boolean().optional(),
});

/** Prefetches URLs. The domain must be online in the requested area (default mainland). */
export function pushUrlsCache(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Urls, Area, UrlEncode } = parseParams(Params, params);
  return { TaskId: submitTask(ctx, { kind: 'urlPush', urls: Urls, area: Area, urlEncode: UrlEncode }) };
}
