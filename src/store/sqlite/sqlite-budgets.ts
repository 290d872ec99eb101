import type Database from 'better-sqlite3';
import * as z from 'zod';
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
  // Calls that stopped counting for every taker are dropped, and the new one is added only while fewer than the
  // limit still count for this one: its own calls without the skew margin, which only other clocks need.
  const takeCall = db.prepare(
    `INSERT INTO budget_windows (key, calls) VALUES (@key, json_object(@id, @until))
     ON CONFLICT (key) DO UPDATE SET
       calls = json_patch(
         COALESCE((SELECT json_group_object(e.key, e.value) FROM json_each(budget_windows.calls) AS e
                   WHERE e.value > @now), '{}'),
         json_object(@id, @until))
     WHERE (SELECT count(*) FROM json_each(budget_windows.calls) AS e
            WHERE e.value - CASE WHEN substr(e.key, 1, length(@prefix)) = @prefix THEN @margin ELSE 0 END > @now)
           < @limit
     RETURNING 1`,
  );
  const readCalls = db.prepare('SELECT calls FROM budget_windows WHERE key = ?');
  const releaseCall = db.prepare(
    `UPDATE budget_windows SET calls = json_set(calls, '$."' || @id || '"', @until)
     WHERE key = @key AND json_extract(calls, '$."' || @id || '"') IS NOT NULL`,
  );

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

    async takeCall(key, shape, at, call) {
      const { window, now, callKey, takerPrefix, marginMs } = windowArguments(shape, at, call);
      const granted = takeCall.get({
        key,
        id: callKey,
        until: grantedUntil(window, now),
        now,
        limit: window.limit,
        prefix: takerPrefix,
        margin: marginMs,
      });
      if (granted) return { granted: true, retryAfterMs: 0 };
      const row = readCalls.get(key);
      const calls =
        row === undefined
          ? undefined
          : WindowCalls.parse(JSON.parse(z.object({ calls: z.string() }).parse(row).calls));
      return windowRefused(calls, window, now, call.taker);
    },

    async releaseCall(key, call, until) {
      releaseCall.run({ key, id: windowCallKey(call), until: Math.ceil(until) });
    },
  };
}
