import type Database from 'better-sqlite3';
import { DigestRun, type DigestRunRepository } from '../store.ts';

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

export function sqliteDigestRuns(db: Database.Database): DigestRunRepository {
  // The primary key (name, due_at) makes the claim: of any number of inserts for one run, exactly one adds a row.
  const claim = db.prepare(
    `INSERT INTO digest_runs (name, due_at, claimed_by, claimed_at, outcome)
     VALUES (@name, @dueAt, @claimedBy, @claimedAt, 'claimed')
     ON CONFLICT (name, due_at) DO NOTHING`,
  );
  const finish = db.prepare(
    `UPDATE digest_runs SET outcome = @outcome, message_ts = @messageTs, detail = @detail, finished_at = @finishedAt
     WHERE name = @name AND due_at = @dueAt AND outcome = 'claimed'`,
  );
  const get = db.prepare('SELECT * FROM digest_runs WHERE name = ? AND due_at = ?');
  const recent = db.prepare('SELECT * FROM digest_runs WHERE name = ? ORDER BY due_at DESC LIMIT ?');

  return {
    async claim(run) {
      return claim.run(run).changes === 1;
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
