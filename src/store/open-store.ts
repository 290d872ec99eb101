import type { Logger } from '../logger.ts';
import type { Store } from './store.ts';

/**
 * The store named by the config's `store:`: a `postgres://` or `postgresql://` URL opens the shared PostgreSQL
 * store, anything else is the embedded SQLite file (or `:memory:`). `logger` hears about connections the server
 * dropped while idle. Each driver is imported only when its store is opened: pg alone costs ~15 MiB resident.
 */
export async function openStore(location: string, options: { logger?: Logger } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./sqlite/open-sqlite-store.ts');
  return openSqliteStore(location);
}
