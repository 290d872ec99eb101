import type Database from 'better-sqlite3';
import { PRUNE_RULES, pruneStatement } from '../prune-rules.ts';
import { type HousekeepingRepository, PrunableRows } from '../store.ts';

export function sqliteHousekeeping(db: Database.Database): HousekeepingRepository {
  const statements = new Map(
    PrunableRows.options.map((rows) => [rows, db.prepare(pruneStatement(PRUNE_RULES[rows], '?', '?'))]),
  );
  return {
    async prune(rows, before, limit) {
      return statements.get(PrunableRows.parse(rows))!.run(Math.floor(before), Math.floor(limit)).changes;
    },
  };
}
