import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { formatBeijingTime } from '../beijing-time.ts';
import { parseParams } from '../parse-params.ts';
import { selectTaskEntries } from '../select-task-entries.ts';
import { entryStatus } from '../task-status.ts';
import type { QuotaKind } from '../types.ts';

const Params = z.strictObject({
  PurgeType: z.enum(['url', 'path']).optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  TaskId: z.string().optional(),
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(0).optional(),
  Keyword: z.string().optional(),
  Status: z.enum(['fail', 'done', 'process']).optional(),
  Area: z.enum(['mainland', 'overseas', 'global']).optional(),
});

/** Purge history: one PurgeLog per URL or directory, newest first. Limit defaults to 20. */
export function describePurgeTasks(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { PurgeType, Status, Offset = 0, Limit = 20, ...query } = parseParams(Params, params);
  const kinds: QuotaKind[] =
    PurgeType === 'url' ? ['urlPurge'] : PurgeType === 'path' ? ['pathPurge'] : ['urlPurge', 'pathPurge'];
  const logs = selectTaskEntries(ctx, { ...query, kinds })
    .map(({ task, entry }) => ({
      TaskId: task.taskId,
      Url: entry.url,
      Status: entryStatus(task, entry, ctx.state, ctx.now),
      PurgeType: task.kind === 'urlPurge' ? 'url' : 'path',
      FlushType: task.flushType,
      CreateTime: formatBeijingTime(task.createdAt),
    }))
    .filter((log) => Status === undefined || log.Status === Status);
  return { PurgeLogs: logs.slice(Offset, Offset + Limit), TotalCount: logs.length };
}
