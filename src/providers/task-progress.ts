import type { TaskProgress, TaskRecord } from './types.ts';

/**
 * A task's progress from its records: running while any is, or while none is visible yet (a provider may list a
 * task's records a moment after accepting it); otherwise ended, `fail` only when every record failed.
 */
export function progressOfRecords(records: readonly TaskRecord[]): TaskProgress {
  if (records.length === 0 || records.some((record) => record.state === 'process'))
    return { state: 'process' };
  const failedItems = records.filter((record) => record.state === 'fail').map((record) => record.url);
  return { state: failedItems.length === records.length ? 'fail' : 'done', failedItems };
}
