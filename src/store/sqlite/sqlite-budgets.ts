import type Database from 'better-sqlite3';
import { BudgetRow, refused, takeArguments } from '../budgets.ts';
import type { BudgetRepository } from '../store.ts';

export function sqliteBudgets(db: Database.Database): BudgetRepository {
  // One upsert: a new key starts full and spends its first token; a known one is refilled for the time since it
  // was last counted (never backwards, when `now` comes from a replica whose clock is behind) and spends one only
  // when a whole token is there. SQLite runs one writer at a time, so no two takers see the same tokens.
  const take = db.prepare(
    `INSERT INTO budgets (key, tokens, updated_at) VALUES (@key, @capacity - 1.0, @now)
     ON CONFLICT (key) DO UPDATE SET
       tokens = MIN(@capacity, tokens + MAX(0, @now - updated_at) * @refillPerSecond / 1000.0) - 1.0,
       updated_at = MAX(updated_at, @now)
     WHERE MIN(@capacity, tokens + MAX(0, @now - updated_at) * @refillPerSecond / 1000.0) >= 1.0
     RETURNING tokens`,
  );
  const read = db.prepare('SELECT tokens, updated_at FROM budgets WHERE key = ?');

  return {
    async take(key, shape, at) {
      const { bucket, now } = takeArguments(shape, at);
      const granted = take.get({
        key,
        capacity: bucket.capacity,
        refillPerSecond: bucket.refillPerSecond,
        now,
      });
      if (granted) return { granted: true, retryAfterMs: 0 };
      const row = read.get(key);
      return refused(row === undefined ? undefined : BudgetRow.parse(row), bucket, now);
    },
  };
}
