import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { sqliteAudit } from './sqlite-audit.ts';
import { sqliteBudgets } from './sqlite-budgets.ts';
import { sqliteChanges } from './sqlite-changes.ts';
import { sqliteDeliveries } from './sqlite-deliveries.ts';
import { sqliteDigestRuns } from './sqlite-digest-runs.ts';
import { sqliteDigests } from './sqlite-digests.ts';
import { sqliteFollows } from './sqlite-follows.ts';
import { sqliteHousekeeping } from './sqlite-housekeeping.ts';
import { sqliteAlerts, sqliteWatches, sqliteWatchMutes, sqliteWatchStates } from './sqlite-watches.ts';

/**
 * The embedded store: one SQLite file (created with its folder if missing), WAL so readers never block the
 * writer, migrations applied before anything else touches it. `:memory:` gives a throwaway store.
 *
 * The file holds who asked for what, approvals and the audit log: what cdnops creates is the owner's alone. A
 * missing folder is made 0700 (folders the user already had are left as they are), a missing file 0600 before
 * SQLite opens it, and SQLite gives the -wal and -shm files the mode of the database file.
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') createOwnerOnly(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  return {
    follows: sqliteFollows(db),
    budgets: sqliteBudgets(db),
    changes: sqliteChanges(db),
    audit: sqliteAudit(db),
    digests: sqliteDigests(db),
    digestRuns: sqliteDigestRuns(db),
    deliveries: sqliteDeliveries(db),
    housekeeping: sqliteHousekeeping(db),
    watches: sqliteWatches(db),
    watchMutes: sqliteWatchMutes(db),
    watchEvaluations: sqliteDigestRuns(db, 'watch_evaluations'),
    alerts: sqliteAlerts(db),
    watchStates: sqliteWatchStates(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
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

/** Creates the database file (0600) and any missing folders on its way (0700); changes nothing that exists. */
function createOwnerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    // Another process created it in between: it is theirs to have made, as an existing file is.
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
}
