import { BudgetRow, refused, takeArguments } from '../budgets.ts';
import type { BudgetRepository } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

export function postgresBudgets(pool: Queryable): BudgetRepository {
  return {
    async take(key, shape, at) {
      const { bucket, now } = takeArguments(shape, at);
      // One upsert: a new key starts full and spends its first token; a known one is refilled for the time since
      // it was last counted (never backwards, when this replica's clock is behind the last taker's) and spends one
      // only when a whole token is there. Concurrent takers of one key queue on its row lock, and each evaluates
      // the WHERE against the row as the one before left it, so no two spend the same token.
      const granted = await pool.query(
        `INSERT INTO budgets AS b (key, tokens, updated_at) VALUES ($1, $2::double precision - 1, $3::bigint)
         ON CONFLICT (key) DO UPDATE SET
           tokens = LEAST($2::double precision,
             b.tokens + GREATEST(0, $3::bigint - b.updated_at) * $4::double precision / 1000) - 1,
           updated_at = GREATEST(b.updated_at, $3::bigint)
         WHERE LEAST($2::double precision,
           b.tokens + GREATEST(0, $3::bigint - b.updated_at) * $4::double precision / 1000) >= 1
         RETURNING tokens`,
        [key, bucket.capacity, now, bucket.refillPerSecond],
      );
      if (granted.rowCount === 1) return { granted: true, retryAfterMs: 0 };
      const { rows } = await pool.query('SELECT tokens, updated_at FROM budgets WHERE key = $1', [key]);
      return refused(rows[0] === undefined ? undefined : BudgetRow.parse(rows[0]), bucket, now);
    },
  };
}
