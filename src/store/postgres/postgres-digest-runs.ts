import { digestRunFromRow as fromRow } from '../rows.ts';
import type { DigestRunRepository, RunTable } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

export function postgresDigestRuns(pool: Queryable, table: RunTable = 'digest_runs'): DigestRunRepository {
  return {
    async claim(run) {
      // The primary key (name, due_at) makes the claim: of any number of inserts for one run, across replicas,
      // exactly one returns a row.
      const { rows } = await pool.query(
        `INSERT INTO ${table} (name, due_at, claimed_by, claimed_at, lease_until, outcome)
         VALUES ($1, $2, $3, $4, $5, 'claimed')
         ON CONFLICT (name, due_at) DO NOTHING RETURNING name`,
        [run.name, run.dueAt, run.claimedBy, run.claimedAt, run.leaseUntil],
      );
      return rows.length === 1;
    },
    async renew(name, dueAt, claimedBy, leaseUntil) {
      const { rowCount } = await pool.query(
        `UPDATE ${table} SET lease_until = $4
         WHERE name = $1 AND due_at = $2 AND claimed_by = $3 AND outcome = 'claimed'`,
        [name, dueAt, claimedBy, leaseUntil],
      );
      return rowCount === 1;
    },
    async takeOver(name, dueAt, claim) {
      // The row lock and READ COMMITTED's re-check of the WHERE clause let exactly one of concurrent callers win.
      const { rows } = await pool.query(
        `UPDATE ${table} SET claimed_by = $3, claimed_at = $4, lease_until = $5
         WHERE name = $1 AND due_at = $2 AND outcome = 'claimed' AND lease_until IS NOT NULL AND lease_until < $6
         RETURNING *`,
        [name, dueAt, claim.claimedBy, claim.claimedAt, claim.leaseUntil, claim.now],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async abandoned(now, dueFrom) {
      const { rows } = await pool.query(
        `SELECT * FROM ${table}
         WHERE outcome = 'claimed' AND lease_until IS NOT NULL AND lease_until < $1 AND due_at >= $2 ORDER BY due_at`,
        [now, dueFrom],
      );
      return rows.map(fromRow);
    },
    async recordPosted(name, dueAt, claimedBy, messageTs) {
      await pool.query(
        `UPDATE ${table} SET message_ts = $4
         WHERE name = $1 AND due_at = $2 AND claimed_by = $3 AND outcome = 'claimed'`,
        [name, dueAt, claimedBy, messageTs],
      );
    },
    async release(name, dueAt, claimedBy, now) {
      await pool.query(
        `UPDATE ${table} SET lease_until = $4
         WHERE name = $1 AND due_at = $2 AND claimed_by = $3 AND outcome = 'claimed'`,
        [name, dueAt, claimedBy, now - 1],
      );
    },
    async finish(name, dueAt, result) {
      await pool.query(
        `UPDATE ${table} SET outcome = $3, message_ts = $4, detail = $5, finished_at = $6
         WHERE name = $1 AND due_at = $2 AND outcome = 'claimed'`,
        [name, dueAt, result.outcome, result.messageTs, result.detail, result.finishedAt],
      );
    },
    async get(name, dueAt) {
      const { rows } = await pool.query(`SELECT * FROM ${table} WHERE name = $1 AND due_at = $2`, [
        name,
        dueAt,
      ]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async recent(name, limit) {
      const { rows } = await pool.query(
        `SELECT * FROM ${table} WHERE name = $1 ORDER BY due_at DESC LIMIT $2`,
        [name, limit],
      );
      return rows.map(fromRow);
    },
  };
}
