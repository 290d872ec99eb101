import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { parseParams } from '../parse-params.ts';
import { submitTask } from '../submit-task.ts';

const Params = z.strictObject({
  Paths: z.array(z.string()),
  FlushType: z.enum(['flush', 'delete']),
  Area: z.enum(['mainland', 'overseas']).optional(),
  UrlEncode: z.boolean().optional(),
});

/** Purges directories. `flush` refreshes changed resources, `delete` everything under the path. */
export function purgePathCache(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Paths, FlushType, Area, UrlEncode } = parseParams(Params, params);
  return {
    TaskId: submitTask(ctx, {
      kind: 'pathPurge',
      urls: Paths,
      area: Area,
      urlEncode: UrlEncode,
      flushType: FlushType,
    }),
  };
}
