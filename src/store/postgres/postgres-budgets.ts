import {
  BudgetRow,
  grantedUntil,
  refused,
  takeArguments,
  WindowCalls,
  windowArguments,
  windowCallKey,
  windowRefused,
} from '../budgets.ts';
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

    async takeCall(key, shape, at, call) {
      const { window, now, callKey, takerPrefix, marginMs } = windowArguments(shape, at, call);
      // One upsert: calls that stopped counting for every taker are dropped, and the new one is added only while
      // fewer than the limit still count for this one (its own calls without the skew margin, which only other
      // clocks need). Concurrent takers of one key queue on its row lock and see it as the one before left it.
      const granted = await pool.query(
        `INSERT INTO budget_windows AS w (key, calls) VALUES ($1, jsonb_build_object($4::text, $5::bigint))
         ON CONFLICT (key) DO UPDATE SET
           calls = COALESCE(
             (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(w.calls) AS e WHERE (e.value)::bigint > $3::bigint),
             '{}'::jsonb) || jsonb_build_object($4::text, $5::bigint)
         WHERE (SELECT count(*) FROM jsonb_each(w.calls) AS e
                WHERE (e.value)::bigint - CASE WHEN starts_with(e.key, $6::text) THEN $7::bigint ELSE 0 END > $3::bigint)
               < $2::int
         RETURNING 1`,
        [key, window.limit, now, callKey, grantedUntil(window, now), takerPrefix, marginMs],
      );
      if (granted.rowCount === 1) return { granted: true, retryAfterMs: 0 };
      const { rows } = await pool.query('SELECT calls FROM budget_windows WHERE key = $1', [key]);
      return windowRefused(
        rows[0] === undefined ? undefined : WindowCalls.parse(rows[0].calls),
        window,
        now,
        call.taker,
      );
    },

    async releaseCall(key, call, until) {
      const callKey = windowCallKey(call);
      await pool.query(
        `UPDATE budget_windows SET calls = jsonb_set(calls, ARRAY[$2::text], to_jsonb($3::bigint))
         WHERE key = $1 AND calls ? $2`,
        [key, callKey, Math.ceil(until)],
      );
    },
  };
}
