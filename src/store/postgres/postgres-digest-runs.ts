import { DigestRun, type DigestRunRepository } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

function fromRow(row: Record<string, unknown>): DigestRun {
  return DigestRun.parse({
    name: row.name,
    dueAt: row.due_at,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    outcome: row.outcome,
    messageTs: row.message_ts,
    detail: row.detail,
    finishedAt: row.finished_at,
  });
}

export function postgresDigestRuns(pool: Queryable): DigestRunRepository {
  return {
    async claim(run) {
      // The primary key (name, due_at) makes the claim: of any number of inserts for one run, across replicas,
      // exactly one returns a row.
      const { rows } = await pool.query(
        `INSERT INTO digest_runs (name, due_at, claimed_by, claimed_at, outcome)
         VALUES ($1, $2, $3, $4, 'claimed')
         ON CONFLICT (name, due_at) DO NOTHING RETURNING name`,
        [run.name, run.dueAt, run.claimedBy, run.claimedAt],
      );
      return rows.length === 1;
    },
    async finish(name, dueAt, result) {
      await pool.query(
        `UPDATE digest_runs SET outcome = $3, message_ts = $4, detail = $5, finished_at = $6
         WHERE name = $1 AND due_at = $2 AND outcome = 'claimed'`,
        [name, dueAt, result.outcome, result.messageTs, result.detail, result.finishedAt],
      );
    },
    async get(name, dueAt) {
      const { rows } = await pool.query('SELECT * FROM digest_runs WHERE name = $1 AND due_at = $2', [
        name,
        dueAt,
      ]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async recent(name, limit) {
      const { rows } = await pool.query(
        'SELECT * FROM digest_runs WHERE name = $1 ORDER BY due_at DESC LIMIT $2',
        [name, limit],
      );
      return rows.map(fromRow);
    },
  };
}
