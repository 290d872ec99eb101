import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { formatBeijingTime } from '../beijing-time.ts';
import { parseParams } from '../parse-params.ts';
import { selectTaskEntries } from '../select-task-entries.ts';
import { entryStatus, taskEndsAt } from '../task-status.ts';

const Params = z.strictObject({
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  TaskId: z.string().optional(),
  Keyword: z.string().optional(),
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(0).optional(),
  Area: z.enum(['mainland', 'overseas', 'global']).optional(),
  Status: z.enum(['fail', 'done', 'process', 'invalid']).optional(),
});

/** Prefetch history: one PushLog per URL, newest first, with progress in Percent. Limit defaults to 20. */
export function describePushTasks(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Status, Offset = 0, Limit = 20, ...query } = parseParams(Params, params);
  const logs = selectTaskEntries(ctx, { ...query, kinds: ['urlPush'] })
    .map(({ task, entry }) => {
      const status = entryStatus(task, entry, ctx.state, ctx.now);
      const endsAt = taskEndsAt(task, ctx.state);
      const progress = Math.floor(((ctx.now - task.createdAt) / Math.max(1, endsAt - task.createdAt)) * 100);
      return {
        TaskId: task.taskId,
        Url: entry.url,
        Status: status,
        Percent: status === 'done' ? 100 : status === 'fail' ? 0 : Math.min(99, Math.max(0, progress)),
        CreateTime: formatBeijingTime(task.createdAt),
        Area: entry.area,
        UpdateTime: formatBeijingTime(status === 'process' ? ctx.now : endsAt),
      };
    })
    .filter((log) => Status === undefined || log.Status === Status);
  return { PushLogs: logs.slice(Offset, Offset + Limit), TotalCount: logs.length };
}
