import pg from 'pg';
import type { Store } from '../store.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { postgresAudit } from './postgres-audit.ts';
import { postgresBudgets } from './postgres-budgets.ts';
import { postgresChanges } from './postgres-changes.ts';
import { postgresDigestRuns } from './postgres-digest-runs.ts';
import { postgresDigests } from './postgres-digests.ts';
import { postgresFollows } from './postgres-follows.ts';

/** Any fixed number, the same in every replica: "cdnops" in ASCII. Serialises migrations across processes. */
const MIGRATION_LOCK = 109_283_000_676_467;

const INT8_OID = 20;

/**
 * The shared store: a connection pool on a `postgres://` or `postgresql://` URL, migrations applied before it is
 * returned. Fails, naming the store (password redacted) and what to check, when the server cannot be reached.
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    // Never hang start-up on an unreachable server.
    connectionTimeoutMillis: 10_000,
    types: {
      // BIGINT arrives as a string by default (it may exceed 2^53); ours are epoch milliseconds and row counts.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A pooled idle connection the server drops (restart, failover) emits 'error' on the pool; unheard, that would
  // end the process. The pool discards that connection and the next query opens a new one or fails on its own.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot open the PostgreSQL store ${redactPassword(url)}: ${reason}. Check that the server is running and ` +
        'reachable, and that the URL (`store:` in the config) names an existing database and a user allowed to ' +
        'create tables in it.',
      { cause: error },
    );
  }

  return {
    follows: postgresFollows(pool),
    budgets: postgresBudgets(pool),
    changes: postgresChanges(pool),
    audit: postgresAudit(pool),
    digests: postgresDigests(pool),
    digestRuns: postgresDigestRuns(pool),
    async close() {
      await pool.end();
    },
  };
}

/** The URL as it may be logged: any password replaced by `***`. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * Every pending migration in one transaction, behind a transaction-scoped advisory lock: replicas starting at once
 * queue on the lock, and each later one finds the versions already applied. DDL is transactional in PostgreSQL, so
 * a failed migration leaves nothing half done.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
