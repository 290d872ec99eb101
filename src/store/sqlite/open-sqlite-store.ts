import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FollowedSubmission, type FollowRepository, type Store } from '../store.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { sqliteAudit } from './sqlite-audit.ts';
import { sqliteChanges } from './sqlite-changes.ts';
import { sqliteDigestRuns } from './sqlite-digest-runs.ts';
import { sqliteDigests } from './sqlite-digests.ts';

/**
 * The embedded store: one SQLite file (created with its folder if missing), WAL so readers never block the
 * writer, migrations applied before anything else touches it. `:memory:` gives a throwaway store.
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const rowToSubmission = (row: Record<string, unknown>): FollowedSubmission =>
    FollowedSubmission.parse({
      id: row.id,
      channel: row.channel,
      ts: row.ts,
      responseUrl: row.response_url,
      payload: JSON.parse(String(row.payload)),
      createdAt: row.created_at,
      nextPollAt: row.next_poll_at,
      polls: row.polls,
      state: row.state,
    });

  const statements = {
    add: db.prepare(
      `INSERT INTO followed_submissions (id, channel, ts, response_url, payload, created_at, next_poll_at, polls, state)
       VALUES (@id, @channel, @ts, @responseUrl, @payload, @createdAt, @nextPollAt, @polls, @state)`,
    ),
    due: db.prepare(
      `SELECT * FROM followed_submissions WHERE state = 'following' AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?`,
    ),
    nextDue: db.prepare(`SELECT MIN(next_poll_at) AS at FROM followed_submissions WHERE state = 'following'`),
    reschedule: db.prepare(
      `UPDATE followed_submissions SET next_poll_at = ?, polls = ?, payload = ? WHERE id = ? AND state = 'following'`,
    ),
    finish: db.prepare(
      `UPDATE followed_submissions SET state = ?, payload = ? WHERE id = ? AND state = 'following'`,
    ),
    get: db.prepare(`SELECT * FROM followed_submissions WHERE id = ?`),
  };

  const follows: FollowRepository = {
    async add(submission) {
      statements.add.run({ ...submission, payload: JSON.stringify(submission.payload) });
    },
    async due(now, limit) {
      return (statements.due.all(now, limit) as Record<string, unknown>[]).map(rowToSubmission);
    },
    async nextDueAt() {
      const row = statements.nextDue.get() as { at: number | null };
      return row.at ?? undefined;
    },
    async reschedule(id, nextPollAt, polls, payload) {
      statements.reschedule.run(nextPollAt, polls, JSON.stringify(payload), id);
    },
    async finish(id, state, payload) {
      statements.finish.run(state, JSON.stringify(payload), id);
    },
    async get(id) {
      const row = statements.get.get(id) as Record<string, unknown> | undefined;
      return row ? rowToSubmission(row) : undefined;
    },
  };

  return {
    follows,
    changes: sqliteChanges(db),
    audit: sqliteAudit(db),
    digests: sqliteDigests(db),
    digestRuns: sqliteDigestRuns(db),
    async close() {
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (row) => row.version,
    ),
  );
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))",
      ).run(migration.version, migration.name);
    })();
  }
}
