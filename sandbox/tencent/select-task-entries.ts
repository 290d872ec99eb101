import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import { parseBeijingTime } from './beijing-time.ts';
import type { TaskEntry, TaskRecord } from './state.ts';
import type { QuotaKind, SandboxArea } from './types.ts';

export interface TaskQuery {
  kinds: readonly QuotaKind[];
  TaskId?: string | undefined;
  StartTime?: string | undefined;
  EndTime?: string | undefined;
  Keyword?: string | undefined;
  Area?: SandboxArea | undefined;
}

function parseTime(name: string, text: string): number {
  const ms = parseBeijingTime(text);
  if (ms === undefined) {
    throw new ApiError(
      'InvalidParameter.CdnStatInvalidDate',
      `${name} must be YYYY-MM-DD HH:mm:ss, got \`${text}\`.`,
    );
  }
  return ms;
}

/**
 * The entries of DescribePurgeTasks / DescribePushTasks before status filtering and paging, newest task first.
 * Tencent requires a TaskId or a StartTime/EndTime pair; times are UTC+8 and both ends are inclusive (to the second).
 */
export function selectTaskEntries(
  ctx: ActionContext,
  query: TaskQuery,
): { task: TaskRecord; entry: TaskEntry }[] {
  const hasRange = query.StartTime !== undefined && query.EndTime !== undefined;
  if (query.TaskId === undefined && !hasRange) {
    throw new ApiError('MissingParameter', 'Either `TaskId` or both `StartTime` and `EndTime` are required.');
  }
  const start = query.StartTime === undefined ? undefined : parseTime('StartTime', query.StartTime);
  const end = query.EndTime === undefined ? undefined : parseTime('EndTime', query.EndTime);
  if (start !== undefined && end !== undefined && end < start) {
    throw new ApiError('InvalidParameter.CdnStatInvalidDate', 'EndTime is earlier than StartTime.');
  }
  const selected: { task: TaskRecord; entry: TaskEntry }[] = [];
  for (const task of [...ctx.account.tasks].reverse()) {
    const createdSecond = Math.floor(task.createdAt / 1000) * 1000;
    if (!query.kinds.includes(task.kind)) continue;
    if (query.TaskId !== undefined && task.taskId !== query.TaskId) continue;
    if (start !== undefined && createdSecond < start) continue;
    if (end !== undefined && createdSecond > end) continue;
    for (const entry of task.entries) {
      if (query.Keyword && !entry.url.includes(query.Keyword) && !entry.requestedUrl.includes(query.Keyword))
        continue;
      if (query.Area && entry.area !== query.Area && entry.area !== 'global') continue;
      selected.push({ task, entry });
    }
  }
  return selected;
}
