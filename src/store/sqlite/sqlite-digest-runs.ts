import type Database from 'better-sqlite3';
import { digestRunFromRow as fromRow } from '../rows.ts';
import type { DigestRunRepository, RunTable } from '../store.ts';

export function sqliteDigestRuns(
  db: Database.Database,
  table: RunTable = 'digest_runs',
): DigestRunRepository {
  // The primary key (name, due_at) makes the claim: of any number of inserts for one run, exactly one adds a row.
  const claim = db.prepare(
    `INSERT INTO ${table} (name, due_at, claimed_by, claimed_at, lease_until, outcome)
     VALUES (@name, @dueAt, @claimedBy, @claimedAt, @leaseUntil, 'claimed')
     ON CONFLICT (name, due_at) DO NOTHING`,
  );
  const finish = db.prepare(
    `UPDATE ${table} SET outcome = @outcome, message_ts = @messageTs, detail = @detail, finished_at = @finishedAt
     WHERE name = @name AND due_at = @dueAt AND outcome = 'claimed'`,
  );
  const renew = db.prepare(
    `UPDATE ${table} SET lease_until = @leaseUntil
     WHERE name = @name AND due_at = @dueAt AND claimed_by = @claimedBy AND outcome = 'claimed'`,
  );
  const takeOver = db.prepare(
    `UPDATE ${table} SET claimed_by = @claimedBy, claimed_at = @claimedAt, lease_until = @leaseUntil
     WHERE name = @name AND due_at = @dueAt AND outcome = 'claimed' AND lease_until IS NOT NULL AND lease_until < @now
     RETURNING *`,
  );
  const abandoned = db.prepare(
    `SELECT * FROM ${table}
     WHERE outcome = 'claimed' AND lease_until IS NOT NULL AND lease_until < ? AND due_at >= ? ORDER BY due_at`,
  );
  const recordPosted = db.prepare(
    `UPDATE ${table} SET message_ts = ?
     WHERE name = ? AND due_at = ? AND claimed_by = ? AND outcome = 'claimed'`,
  );
  const release = db.prepare(
    `UPDATE ${table} SET lease_until = ?
     WHERE name = ? AND due_at = ? AND claimed_by = ? AND outcome = 'claimed'`,
  );
  const get = db.prepare(`SELECT * FROM ${table} WHERE name = ? AND due_at = ?`);
  const recent = db.prepare(`SELECT * FROM ${table} WHERE name = ? ORDER BY due_at DESC LIMIT ?`);

  return {
    async claim(run) {
      return claim.run(run).changes === 1;
    },
    async renew(name, dueAt, claimedBy, leaseUntil) {
      return renew.run({ name, dueAt, claimedBy, leaseUntil }).changes === 1;
    },
    async takeOver(name, dueAt, claim) {
      const row = takeOver.get({ name, dueAt, ...claim }) as Record<string, unknown> | undefined;
      return row ? fromRow(row) : undefined;
    },
    async abandoned(now, dueFrom) {
      return (abandoned.all(now, dueFrom) as Record<string, unknown>[]).map(fromRow);
    },
    async recordPosted(name, dueAt, claimedBy, messageTs) {
      recordPosted.run(messageTs, name, dueAt, claimedBy);
    },
    async release(name, dueAt, claimedBy, now) {
      release.run(now - 1, name, dueAt, claimedBy);
    },
    async finish(name, dueAt, result) {
      finish.run({ name, dueAt, ...result });
    },
    async get(name, dueAt) {
      const row = get.get(name, dueAt) as Record<string, unknown> | undefined;
      return row ? fromRow(row) : undefined;
    },
    async recent(name, limit) {
      return (recent.all(name, limit) as Record<string, unknown>[]).map(fromRow);
    },
  };
}
