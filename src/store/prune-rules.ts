/**
 * Which rows `housekeeping.prune` deletes, written once for both stores so they prune identically: the table, the
 * key that names a row, and the condition (in SQL both dialects read) that makes a row prunable before a cutoff.
 */
import type { ChangeState, FollowEnd, PrunableRows } from './store.ts';

const ENDED_FOLLOWS = ['finished', 'gave_up'] as const satisfies readonly FollowEnd[];
const ENDED_CHANGES = [
  'done',
  'failed',
  'rejected',
  'cancelled',
  'expired',
] as const satisfies readonly ChangeState[];

export interface PruneRule {
  table: string;
  /** The primary key's columns. */
  key: string;
  /** `before` is the cutoff's placeholder in the dialect at hand (`?` or `$1`). */
  condition: (before: string) => string;
}

export const PRUNE_RULES: Readonly<Record<PrunableRows, PruneRule>> = {
  digestRuns: { table: 'digest_runs', key: 'name, due_at', condition: (before) => `due_at < ${before}` },
  followUps: {
    table: 'followed_submissions',
    key: 'id',
    condition: (before) => `state IN (${quoted(ENDED_FOLLOWS)}) AND created_at < ${before}`,
  },
  changeRequests: {
    table: 'change_requests',
    key: 'id',
    condition: (before) => `state IN (${quoted(ENDED_CHANGES)}) AND created_at < ${before}`,
  },
  // One claim per rule every five minutes: 288 rows a day each, which only serve to evaluate an interval once.
  watchEvaluations: {
    table: 'watch_evaluations',
    key: 'name, due_at',
    condition: (before) => `due_at < ${before}`,
  },
  budgets: { table: 'budgets', key: 'key', condition: (before) => `updated_at < ${before}` },
  audit: { table: 'audit_log', key: 'seq', condition: (before) => `at < ${before}` },
};

/**
 * One bounded delete: the keys of up to `limit` prunable rows, then those rows. Neither database has DELETE … LIMIT
 * in its default build, and a key list keeps the statement the same in both.
 */
export function pruneStatement(rule: PruneRule, before: string, limit: string): string {
  return `DELETE FROM ${rule.table} WHERE (${rule.key}) IN (
    SELECT ${rule.key} FROM ${rule.table} WHERE ${rule.condition(before)} LIMIT ${limit}
  )`;
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
