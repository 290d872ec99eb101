import type Database from 'better-sqlite3';
import type { DeliveryRepository } from '../store.ts';

export function sqliteDeliveries(db: Database.Database): DeliveryRepository {
  // One upsert: a new key is inserted; a known one is taken over only when its claim has run out. SQLite runs one
  // writer at a time, so of several claimers of one key exactly one changes a row.
  const claim = db.prepare(
    `INSERT INTO slack_deliveries (key, claimed_at, expires_at) VALUES (@key, @now, @expiresAt)
     ON CONFLICT (key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
     WHERE slack_deliveries.expires_at < excluded.claimed_at`,
  );
  const prune = db.prepare('DELETE FROM slack_deliveries WHERE expires_at < ?');

  return {
    async claim(key, now, expiresAt) {
      return claim.run({ key, now, expiresAt }).changes === 1;
    },
    async prune(now) {
      return prune.run(now).changes;
    },
  };
}
