import type { DeliveryRepository } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

export function postgresDeliveries(pool: Queryable): DeliveryRepository {
  return {
    async claim(key, now, expiresAt) {
      // One upsert: a new key is inserted; a known one is taken over only when its claim has run out. Concurrent
      // claimers of one key wait on the first one's insert, then find its row unexpired: only the first returns it.
      const result = await pool.query(
        `INSERT INTO slack_deliveries AS d (key, claimed_at, expires_at) VALUES ($1, $2::bigint, $3::bigint)
         ON CONFLICT (key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
         WHERE d.expires_at < EXCLUDED.claimed_at
         RETURNING key`,
        [key, now, expiresAt],
      );
      return result.rows.length === 1;
    },
    async prune(now) {
      const result = await pool.query('DELETE FROM slack_deliveries WHERE expires_at < $1::bigint', [now]);
      return result.rowCount ?? 0;
    },
  };
}
