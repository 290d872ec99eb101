import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { housekeepingSuite } from './housekeeping-suite.ts';
import { repositorySuite } from './repository-suite.ts';

async function openTempSqlite() {
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-store-')), 'nested', 'cdnops.db');
  return { store: openSqliteStore(path), reopen: async () => openSqliteStore(path) };
}

repositorySuite('SQLite', openTempSqlite);
housekeepingSuite('SQLite', openTempSqlite);

describe('the SQLite file cdnops creates', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('is the owner’s alone: 0600 for the file and its -wal and -shm, 0700 for the folders it makes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cdnops-store-'));
    chmodSync(root, 0o755);
    const path = join(root, 'data', 'nested', 'cdnops.db');

    const store = openSqliteStore(path);
    // Migrations have written through the WAL by now, so -wal and -shm exist.
    try {
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
      expect(mode(`${path}-shm`)).toBe(0o600);
      expect(mode(join(root, 'data'))).toBe(0o700);
      expect(mode(join(root, 'data', 'nested'))).toBe(0o700);
      // A folder that was already there is left as the user made it.
      expect(mode(root)).toBe(0o755);
    } finally {
      await store.close();
    }
  });

  it('leaves an existing folder’s mode alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cdnops-store-'));
    chmodSync(root, 0o750);

    const store = openSqliteStore(join(root, 'cdnops.db'));
    await store.close();

    expect(mode(root)).toBe(0o750);
    expect(mode(join(root, 'cdnops.db'))).toBe(0o600);
  });
});
