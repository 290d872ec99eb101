import { PRUNE_RULES, pruneStatement } from '../prune-rules.ts';
import { type HousekeepingRepository, PrunableRows } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

export function postgresHousekeeping(pool: Queryable): HousekeepingRepository {
  return {
    async prune(rows, before, limit) {
      const rule = PRUNE_RULES[PrunableRows.parse(rows)];
      const result = await pool.query(pruneStatement(rule, '$1::bigint', '$2::integer'), [
        Math.floor(before),
        Math.floor(limit),
      ]);
      return result.rowCount ?? 0;
    },
  };
}
