/**
 * A throwaway PostgreSQL for tests. With `CDNOPS_TEST_POSTGRES_URL` set, databases are created on that server and
 * dropped afterwards; otherwise the server binaries found on PATH or under /usr/lib/postgresql/<version>/bin
 * start a private cluster (temp dir, free port on 127.0.0.1, socket in the temp dir, trust auth) that is stopped
 * and deleted afterwards; a private cluster's server can also be stopped and started again mid-test.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type PostgresSource = { kind: 'url'; url: string } | { kind: 'binaries'; binDir: string };

export interface PostgresCluster {
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  /**
   * A private cluster only (binaries): shuts the server down (`pg_ctl stop -m fast`: sessions are terminated, as in
   * a real restart), keeping its data directory and port for `startServer`. Throws for a server given by URL.
   */
  stopServer(): Promise<void>;
  /** Starts a server stopped by `stopServer` again, on the same data and port; resolves once it accepts connections. */
  startServer(): Promise<void>;
  /** Drops the databases made here, and stops and deletes a private cluster. */
  stop(): Promise<void>;
}

/** Where a test PostgreSQL can come from, or `undefined` when neither a URL nor server binaries are available. */
export function findPostgres(env: NodeJS.ProcessEnv = process.env): PostgresSource | undefined {
  const url = env.CDNOPS_TEST_POSTGRES_URL?.trim();
  if (url) return { kind: 'url', url };
  return findServerBinaries(env);
}

/**
 * Server binaries for a private cluster, ignoring CDNOPS_TEST_POSTGRES_URL: for tests that stop and start the
 * server, which they may only do to one of their own.
 */
export function findServerBinaries(
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'binaries'; binDir: string } | undefined {
  const candidates = [
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
    ...listDirs('/usr/lib/postgresql')
      .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10))
      .map((version) => join('/usr/lib/postgresql', version, 'bin')),
  ];
  const binDir = candidates.find(
    (dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl')),
  );
  return binDir ? { kind: 'binaries', binDir } : undefined;
}

export async function startPostgresCluster(source: PostgresSource): Promise<PostgresCluster> {
  if (source.kind === 'url') {
    const notOurs = async () => {
      throw new Error(
        'cannot stop or start a server given by CDNOPS_TEST_POSTGRES_URL; use findServerBinaries',
      );
    };
    return onServer(source.url, { stopServer: notOurs, startServer: notOurs, shutdown: async () => {} });
  }

  const { binDir } = source;
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-pg-'));
  const data = join(dir, 'data');
  // initdb and pg_ctl refuse to run as root: run them as the `postgres` user, who must own the directory.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const exec = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, program), ...args], { cwd: dir })
      : run(join(binDir, program), args, { cwd: dir });

  const port = await freePort();
  // -w: pg_ctl itself waits, up to -t seconds, until the server accepts connections (or has stopped).
  const startServer = () =>
    exec('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  try {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await startServer();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return onServer(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    async stopServer() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    },
    async startServer() {
      await startServer();
    },
    // The whole cluster goes: nothing to drop first (and the server may be stopped).
    dropDatabases: false,
    async shutdown() {
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/**
 * Databases on the server at `adminUrl`, each statement on a connection of its own: a connection kept open would
 * die with a server the test stops (and its 'error' event, unheard, would end the test process).
 */
async function onServer(
  adminUrl: string,
  control: {
    stopServer(): Promise<void>;
    startServer(): Promise<void>;
    dropDatabases?: boolean;
    shutdown(): Promise<void>;
  },
): Promise<PostgresCluster> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  };
  // Fails here, as before, when the server cannot be reached.
  await admin('SELECT 1');
  const prefix = `cdnops_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  return {
    async createDatabase() {
      const name = `${prefix}_${created.length + 1}`;
      created.push(name);
      // template0: copying template1 fails while anyone else is connected to it, and may carry a shared server's extras.
      await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stopServer: () => control.stopServer(),
    startServer: () => control.startServer(),
    async stop() {
      try {
        if (control.dropDatabases !== false) {
          for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      } finally {
        await control.shutdown();
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error(
      'Running as root, the test cluster needs a `postgres` user to run initdb and pg_ctl as (the postgresql ' +
        'package creates it), or set CDNOPS_TEST_POSTGRES_URL to an existing server.',
    );
  }
}

function listDirs(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
