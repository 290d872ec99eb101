import type { Logger } from '../logger.ts';
import { openPostgresStore } from './postgres/open-postgres-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * The store named by the config's `store:`: a `postgres://` or `postgresql://` URL opens the shared PostgreSQL
 * store, anything else is the embedded SQLite file (or `:memory:`). `logger` hears about connections the server
 * dropped while idle.
 */
export async function openStore(location: string, options: { logger?: Logger } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) return openPostgresStore(location, options);
  return openSqliteStore(location);
}
