import { openPostgresStore } from './postgres/open-postgres-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * The store named by the config's `store:`: a `postgres://` or `postgresql://` URL opens the shared PostgreSQL
 * store, anything else is the embedded SQLite file (or `:memory:`).
 */
export async function openStore(location: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) return openPostgresStore(location);
  return openSqliteStore(location);
}
