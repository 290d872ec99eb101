import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.ts';
import { findPostgres, type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { housekeepingSuite } from './housekeeping-suite.ts';
import { repositorySuite } from './repository-suite.ts';

const HOW_TO_RUN =
  'install PostgreSQL (initdb and pg_ctl on PATH or under /usr/lib/postgresql/<version>/bin; run as root, the ' +
  '`postgres` user must exist) or set CDNOPS_TEST_POSTGRES_URL=postgres://user:password@host:5432/db to a server ' +
  'where that user may create databases';

const source = findPostgres();

if (!source && process.env.CI) {
  describe('PostgreSQL store', () => {
    it('runs in CI', () => {
      throw new Error(`No PostgreSQL to test against: ${HOW_TO_RUN}.`);
    });
  });
} else if (!source) {
  console.warn(`Skipping the PostgreSQL store tests: to run them, ${HOW_TO_RUN}.`);
  describe.skip('PostgreSQL store', () => {
    it('needs a PostgreSQL server', () => {});
  });
} else {
  let cluster: PostgresCluster | undefined;
  const database = () => {
    if (!cluster) throw new Error('the PostgreSQL test cluster did not start');
    return cluster.createDatabase();
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster(source);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const openFresh = async () => {
    const url = await database();
    return { store: await openStore(url), reopen: () => openStore(url) };
  };
  repositorySuite('PostgreSQL', openFresh);
  housekeepingSuite('PostgreSQL', openFresh);

  describe('PostgreSQL: start-up', () => {
    it('migrates once when several replicas open a fresh database at the same moment', async () => {
      const url = await database();

      const stores = await Promise.all(Array.from({ length: 8 }, () => openPostgresStore(url)));

      const claims = await Promise.all(
        stores.map((store, index) =>
          store.digestRuns.claim({
            name: 'n',
            dueAt: 1,
            claimedBy: `replica-${index}`,
            claimedAt: 1,
            leaseUntil: 60_001,
          }),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      await Promise.all(stores.map((store) => store.close()));
      const again = await openPostgresStore(url);
      expect(await again.digestRuns.get('n', 1)).toMatchObject({ outcome: 'claimed' });
      await again.close();
    });

    it('names the store without its password when the server cannot be reached', async () => {
      const url = 'postgres://cdnops:s3cret-pw@127.0.0.1:1/cdnops';

      const failure = await openStore(url).then(
        () => new Error('opened'),
        (error: unknown) => error as Error,
      );

      expect(failure.message).toContain(
        'Cannot open the PostgreSQL store postgres://cdnops:***@127.0.0.1:1/cdnops',
      );
      expect(failure.message).not.toContain('s3cret-pw');
    });
  });

  describe('PostgreSQL: cdnops audit on the command line', () => {
    it("exports the bot's audit log from the store URL in the config, oldest first", async () => {
      const url = await database();
      const bot = await openStore(url);
      const at = Date.UTC(2026, 10, 2, 2);
      for (const [index, when] of [at + 60_000, at].entries()) {
        await bot.audit.append({
          at: when,
          userId: 'U0OPER0001',
          channel: 'C0123456789',
          commandText: `purge https://www.example.com/${index}.js`,
          action: 'purge',
          accountId: 'tencent-prod',
          domain: 'www.example.com',
          outcome: 'submitted',
          requestId: null,
          detail: null,
          changeId: null,
        });
      }
      const dir = mkdtempSync(join(tmpdir(), 'cdnops-audit-pg-'));
      const configPath = join(dir, 'cdnops.yml');
      writeFileSync(
        configPath,
        [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${ENV} syntax.
          'store: ${CDNOPS_STORE_URL}',
          'providers:',
          '  tencent-prod: { kind: tencent, secretId: id, secretKey: key }',
          'channels:',
          '  C0123456789: { role: operator }',
        ].join('\n'),
      );
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });

      const code = await runCli({
        argv: ['--config', configPath, 'audit', '--json', '--from', '2026-11-01'],
        env: { CDNOPS_STORE_URL: url },
        stdout,
        stderr: new PassThrough(),
        clock: createManualClock(at + 86_400_000),
        color: false,
      });

      expect(code).toBe(0);
      expect(
        out
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line).commandText),
      ).toEqual(['purge https://www.example.com/1.js', 'purge https://www.example.com/0.js']);
      await bot.close();
    });
  });
}
