import { purgeCovers } from './purge-covers.ts';
import type { SandboxState } from './state.ts';
import { entryStatus, taskEndsAt } from './task-status.ts';

/**
 * When the latest purge covering `url` finished as `done`, in any account: a PurgeUrlsCache entry for the same URL
 * or a PurgePathCache directory it lies under. Entries still in `process` or ending `fail` do not count.
 */
export function lastPurgeDoneAt(state: SandboxState, url: string, nowMs: number): number | undefined {
  let latest: number | undefined;
  for (const account of state.accounts.values()) {
    for (const task of account.tasks) {
      if (task.kind === 'urlPush') continue;
      const directory = task.kind === 'pathPurge';
      for (const entry of task.entries) {
        const covers =
          purgeCovers(entry.url, directory, url) || purgeCovers(entry.requestedUrl, directory, url);
        if (!covers || entryStatus(task, entry, state, nowMs) !== 'done') continue;
        const doneAt = taskEndsAt(task, state);
        if (latest === undefined || doneAt > latest) latest = doneAt;
      }
    }
  }
  return latest;
}
