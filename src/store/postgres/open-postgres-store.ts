import pg from 'pg';
import type { Logger } from '../../logger.ts';
import type { Store } from '../store.ts';
import { describeDatabaseError, guardPool } from './guarded-pool.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { postgresAudit } from './postgres-audit.ts';
import { postgresBudgets } from './postgres-budgets.ts';
import { postgresChanges } from './postgres-changes.ts';
import { postgresDeliveries } from './postgres-deliveries.ts';
import { postgresDigestRuns } from './postgres-digest-runs.ts';
import { postgresDigests } from './postgres-digests.ts';
import { postgresFollows } from './postgres-follows.ts';
import { postgresHousekeeping } from './postgres-housekeeping.ts';
import {
  postgresAlerts,
  postgresWatches,
  postgresWatchMutes,
  postgresWatchStates,
} from './postgres-watches.ts';

/** Any fixed number, the same in every replica: "cdnops" in ASCII. Serialises migrations across processes. */
const MIGRATION_LOCK = 109_283_000_676_467;

const INT8_OID = 20;

/** `ping`'s own bound; /healthz waits less than this anyway. */
const PING_TIMEOUT_MS = 2_000;

/**
 * The shared store: a connection pool on a `postgres://` or `postgresql://` URL, migrations applied before it is
 * returned. Fails, naming the store (password redacted) and what to check, when the server cannot be reached.
 */
export async function openPostgresStore(url: string, options: { logger?: Logger } = {}): Promise<Store> {
  // The whole URL is a secret (config/store-url.ts): a password written without URL-encoding may sit anywhere in it.
  const secrets = [url, ...passwordsIn(url)].sort((a, b) => b.length - a.length);
  const pool = new pg.Pool({
    connectionString: url,
    // Never hang start-up, or a command, on an unreachable server: getting a connection fails after this long.
    connectionTimeoutMillis: 5_000,
    types: {
      // BIGINT arrives as a string by default (it may exceed 2^53); ours are epoch milliseconds and row counts.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A pooled idle connection the server drops (restart, failover) emits 'error' on the pool; unheard, that would
  // end the process. The pool discards that connection and the next query opens a new one or fails on its own.
  pool.on('error', (error) => {
    options.logger?.warn('store connection lost while idle; the next statement opens a new one', {
      reason: describeDatabaseError(error, secrets),
    });
  });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    // pg's own message may quote the host, user or database it parsed out of the URL: redacted like any log line.
    const reason = describeDatabaseError(error, secrets);
    throw new Error(
      `Cannot open the PostgreSQL store ${redactPassword(url)}: ${reason}. Check that the server is running and ` +
        'reachable, and that the URL (`store:` in the config) names an existing database and a user allowed to ' +
        'create tables in it. A password with @ / # ? % or : in it must be URL-encoded (@ → %40, / → %2F, # → %23).',
    );
  }

  // Repositories see the pool only through this: bounded statements, one error kind for an unreachable server.
  const db = guardPool(pool, secrets);
  return {
    follows: postgresFollows(db),
    budgets: postgresBudgets(db),
    changes: postgresChanges(db),
    audit: postgresAudit(db),
    digests: postgresDigests(db),
    digestRuns: postgresDigestRuns(db),
    deliveries: postgresDeliveries(db),
    housekeeping: postgresHousekeeping(db),
    watches: postgresWatches(db),
    watchMutes: postgresWatchMutes(db),
    watchEvaluations: postgresDigestRuns(db, 'watch_evaluations'),
    alerts: postgresAlerts(db),
    watchStates: postgresWatchStates(db),
    async ping() {
      await db.query('SELECT 1', [], { timeoutMs: PING_TIMEOUT_MS });
    },
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

/** The URL's password as written and percent-decoded, to keep out of anything logged. */
function passwordsIn(url: string): string[] {
  try {
    const parsed = new URL(url);
    const written = [parsed.password, parsed.searchParams.get('password') ?? ''].filter(Boolean);
    return [...new Set(written.flatMap((password) => [password, safeDecode(password)]))];
  } catch {
    return [];
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
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
