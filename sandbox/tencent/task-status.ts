import type { SandboxState, TaskEntry, TaskRecord } from './state.ts';

export type TaskStatus = 'process' | 'done' | 'fail';

/** When the task stops being `process`. */
export function taskEndsAt(task: TaskRecord, state: SandboxState): number {
  return task.finishedAt ?? task.createdAt + state.taskDurationMs;
}

/** Evaluated when queried: `process` until the task ends, then `fail` for URLs marked by `failUrl`, else `done`. */
export function entryStatus(
  task: TaskRecord,
  entry: TaskEntry,
  state: SandboxState,
  nowMs: number,
): TaskStatus {
  if (nowMs < taskEndsAt(task, state)) return 'process';
  const failed = state.failedUrls.has(entry.url) || state.failedUrls.has(entry.requestedUrl);
  return failed ? 'fail' : 'done';
}
