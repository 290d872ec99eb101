import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { repositorySuite } from './repository-suite.ts';

repositorySuite('SQLite', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-store-')), 'nested', 'cdnops.db');
  return { store: openSqliteStore(path), reopen: async () => openSqliteStore(path) };
});
