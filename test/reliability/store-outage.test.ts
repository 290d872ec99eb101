/**
 * The PostgreSQL store stopped under a running bot and started again (issue 10, lifecycle): meanwhile `/readyz`
 * answers 503 and commands that need the store answer "store unavailable" (the process stays up); afterwards both
 * work again without restarting the bot. The test stops and starts a throwaway cluster of its own, so it needs the
 * server binaries (a server given by CDNOPS_TEST_POSTGRES_URL is not ours to stop). Every wait is bounded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RecordedCall, type SlackStandin, startSlackStandin } from '../../sandbox/slack/index.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { systemClock } from '../../src/clock.ts';
import { STORE_UNAVAILABLE } from '../../src/dispatch/format-error.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { guardPool } from '../../src/store/postgres/guarded-pool.ts';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.ts';
import type { AuditEntry } from '../../src/store/store.ts';
import {
  findServerBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from '../support/postgres-cluster.ts';
import { type BotProcess, spawnBot } from '../support/spawn-bot.ts';
import {
  ADMIN,
  BOT_TOKEN,
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  TEST_ACCOUNT,
} from '../support/start-test-bot.ts';

const HOW_TO_RUN =
  'install PostgreSQL server binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/<version>/bin; run ' +
  'as root, the `postgres` user must exist): this test stops and starts a cluster of its own';
const WAIT_MS = 10_000;
/** A start-up of the real entry point, a stop and a start of the server, and the commands between them. */
const TEST_TIMEOUT_MS = 90_000;
/**
 * The cluster trusts every local connection, so any password is accepted: one in the URL shows it never reaches
 * the log or Slack.
 */
const DB_PASSWORD = 'outage-db-password-1f3a';

const binaries = findServerBinaries();

if (!binaries && process.env.CI) {
  describe('the store stopped and started again', () => {
    it('runs in CI', () => {
      throw new Error(`No PostgreSQL server binaries: ${HOW_TO_RUN}.`);
    });
  });
} else if (!binaries) {
  console.warn(`Skipping the store outage tests: to run them, ${HOW_TO_RUN}.`);
  describe.skip('the store stopped and started again', () => {
    it('needs PostgreSQL server binaries', () => {});
  });
} else {
  let cluster: PostgresCluster | undefined;
  /** Whether the test stopped the server and has not started it again (a failed test must not leave it down). */
  let serverDown = false;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster(binaries);
  }, 60_000);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (serverDown) await startServer();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const ours = (): PostgresCluster => {
    if (!cluster) throw new Error('the PostgreSQL test cluster did not start');
    return cluster;
  };
  async function stopServer(): Promise<void> {
    serverDown = true;
    await ours().stopServer();
  }
  async function startServer(): Promise<void> {
    await ours().startServer();
    serverDown = false;
  }
  /** A new database on the cluster, its URL carrying DB_PASSWORD. */
  async function database(): Promise<string> {
    const url = new URL(await ours().createDatabase());
    url.password = DB_PASSWORD;
    return url.toString();
  }

  describe('the PostgreSQL store with its server stopped and started again', () => {
    it(
      'fails every statement at once with StoreUnavailableError, and answers again on the same pool afterwards',
      async () => {
        const lines: string[] = [];
        const logger = createLogger({ level: 'debug', secrets: [], write: (line) => lines.push(line) });
        const store = await openPostgresStore(await database(), { logger });
        cleanups.push(() => store.close());
        await store.audit.append(entry('before'));
        // Leaves a connection idle in the pool: the server ends it when it stops, which must not end this process.
        await store.ping();

        await stopServer();
        const started = Date.now();
        const failures = await Promise.all([
          store.ping().catch((error: unknown) => error),
          store.audit.query(everything()).catch((error: unknown) => error),
          store.audit.append(entry('during')).catch((error: unknown) => error),
          store.changes.listOpen().catch((error: unknown) => error),
          store.follows.nextDueAt().catch((error: unknown) => error),
          store.budgets.take('k', { capacity: 1, refillPerSecond: 1 }, 1).catch((error: unknown) => error),
        ]);
        const failedWithinMs = Date.now() - started;
        await startServer();
        await store.ping();
        const after = await store.audit.query(everything());

        for (const failure of failures) expect(failure).toBeInstanceOf(StoreUnavailableError);
        // A refused connection is known at once: nothing waits for a timeout.
        expect(failedWithinMs).toBeLessThan(3_000);
        expect(after.entries.map((row) => row.commandText)).toEqual(['before']);
        const reasons = failures.map((failure) => (failure as StoreUnavailableError).reason).join('\n');
        expect(reasons).not.toContain(DB_PASSWORD);
        expect(lines.join('\n')).not.toContain(DB_PASSWORD);
      },
      TEST_TIMEOUT_MS,
    );
  });

  describe('statements on PostgreSQL that do not answer in time', () => {
    it('fail as StoreUnavailableError after their timeout, and the pool goes on with a fresh connection', async () => {
      const pool = new pg.Pool({ connectionString: await database(), max: 1 });
      pool.on('error', () => {});
      cleanups.push(() => pool.end());
      const db = guardPool(pool, [DB_PASSWORD]);

      const started = Date.now();
      const failure = await db
        .query('SELECT pg_sleep(5)', [], { timeoutMs: 200 })
        .catch((error: unknown) => error);
      const failedAfterMs = Date.now() - started;
      const next = await db.query<{ one: number }>('SELECT 1 AS one');

      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect((failure as StoreUnavailableError).reason).toBe('Query read timeout');
      expect(failedAfterMs).toBeLessThan(2_000);
      expect(next.rows).toEqual([{ one: 1 }]);
    });
  });

  describe('the bot (npm start) on PostgreSQL with the server stopped and started again', () => {
    it(
      'answers 503 and "store unavailable" meanwhile, stays up, and works again afterwards without a restart',
      async () => {
        const world = await startWorld(await database());
        const bot = await spawnBot({ configPath: world.configPath, slackApiUrl: world.slack.apiUrl });
        cleanups.push(() => bot.dispose());

        // Before: healthy, and commands that need the store work.
        expect(await health(bot)).toEqual({
          status: 200,
          body: { ok: true, slack: 'connected', store: 'ok' },
        });
        expect(await requestOffline(world, bot)).toMatch(/^Asked for approval/);
        expect(await command(world, bot, 'audit', ADMIN)).toContain('1 audit entry');

        await stopServer();
        const downHealth = await healthUntil(bot, 503);
        const downAudit = await command(world, bot, 'audit', ADMIN);
        const cardsBefore = approvalCards(world).length;
        const downOffline = await requestOffline(world, bot);
        const cardsWhileDown = approvalCards(world).length;
        const aliveWhileDown = bot.child.exitCode === null && bot.child.signalCode === null;

        await startServer();
        const upHealth = await healthUntil(bot, 200);
        const upAudit = await command(world, bot, 'audit', ADMIN);
        const upOffline = await requestOffline(world, bot);
        const lastAudit = await command(world, bot, 'audit', ADMIN);

        expect(downHealth).toMatchObject({ status: 503, body: { ok: false, store: 'unavailable' } });
        // Alive all along: a liveness probe must not restart a replica for the database's outage.
        expect((await fetch(bot.healthUrl)).status).toBe(200);
        expect(downAudit).toBe(STORE_UNAVAILABLE);
        expect(downOffline).toBe(STORE_UNAVAILABLE);
        // The refused request posted no card: nobody is asked to approve something that was never recorded.
        expect(cardsWhileDown).toBe(cardsBefore);
        expect(aliveWhileDown).toBe(true);

        expect(upHealth).toEqual({ status: 200, body: { ok: true, slack: 'connected', store: 'ok' } });
        // The request refused during the outage left nothing behind; the one after it is recorded.
        expect(upAudit).toContain('1 audit entry');
        expect(upOffline).toMatch(/^Asked for approval/);
        expect(lastAudit).toContain('2 audit entries');
        expect(approvalCards(world)).toHaveLength(cardsBefore + 1);
        expect(bot.child.exitCode).toBeNull();

        const output = bot.output();
        expect(output).toContain('"msg":"store unavailable; the action was refused"');
        expect(output).toContain('"msg":"health check: the store is unavailable"');
        expect(output).toContain('"msg":"health check: the store answers again"');
        expect(output).not.toContain('"level":"error"');
        expect(output).not.toContain(DB_PASSWORD);
        expect(JSON.stringify(world.slack.calls)).not.toContain(DB_PASSWORD);
        expect(world.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  });

  interface World {
    tencent: TencentSandbox;
    slack: SlackStandin;
    configPath: string;
  }

  async function startWorld(storeUrl: string): Promise<World> {
    const tencent = await startTencentSandbox({ clock: systemClock, accounts: [TEST_ACCOUNT] });
    cleanups.push(() => tencent.close());
    const slack = await startSlackStandin({ botToken: BOT_TOKEN });
    cleanups.push(() => slack.close());
    const dir = mkdtempSync(join(tmpdir(), 'cdnops-outage-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configPath = join(dir, 'cdnops.yml');
    writeFileSync(
      configPath,
      stringify({
        timezone: 'Asia/Shanghai',
        store: storeUrl,
        providers: {
          'tencent-prod': {
            kind: 'tencent',
            secretId: TEST_ACCOUNT.secretId,
            secretKey: TEST_ACCOUNT.secretKey,
            endpoint: tencent.url,
          },
        },
        channels: { [OPS_CHANNEL]: { role: 'admin' } },
        users: { [ADMIN]: 'admin', [OPERATOR]: 'operator' },
      }),
    );
    return { tencent, slack, configPath };
  }

  /** Sends `/cdn <text>` and resolves with the `text` of its first reply through the command's response_url. */
  async function command(world: World, bot: BotProcess, text: string, userId: string): Promise<string> {
    const [first] = await replies(world, bot, text, userId, (texts) => texts.length > 0);
    return first!;
  }

  /**
   * An operator's `/cdn offline www.example.com`: its answer to the operator (the card, when there is one, goes to
   * the channel first), "Asked for approval ..." or the store-unavailable message.
   */
  async function requestOffline(world: World, bot: BotProcess): Promise<string> {
    const answered = (texts: string[]) =>
      texts.find((text) => text.startsWith('Asked for approval') || text === STORE_UNAVAILABLE);
    return answered(
      await replies(
        world,
        bot,
        'offline www.example.com',
        OPERATOR,
        (texts) => answered(texts) !== undefined,
      ),
    )!;
  }

  /** The `text` of each reply through this command's response_url, once `done` says they are enough. */
  async function replies(
    world: World,
    bot: BotProcess,
    text: string,
    userId: string,
    done: (texts: string[]) => boolean,
  ): Promise<string[]> {
    const sent = await world.slack.sendCommand(bot.appUrl, SIGNING_SECRET, {
      text,
      userId,
      channelId: OPS_CHANNEL,
    });
    expect(sent.status).toBe(200);
    const texts = (calls: RecordedCall[]) =>
      calls
        .filter((call) => call.method === 'response_url' && call.responseKey === sent.responseKey)
        .map((call) => (typeof call.body.text === 'string' ? call.body.text : ''));
    await world.slack.waitFor((calls) => done(texts(calls)), { timeoutMs: WAIT_MS });
    return texts(world.slack.calls);
  }

  const approvalCards = (world: World) =>
    world.slack.messages.filter((message) => JSON.stringify(message.blocks).includes('change.approve'));

  async function health(bot: BotProcess): Promise<{ status: number; body: unknown }> {
    const response = await fetch(bot.readyUrl, { signal: AbortSignal.timeout(WAIT_MS) });
    return { status: response.status, body: await response.json() };
  }

  /**
   * Polls /readyz until it answers `status`, for at most WAIT_MS: the bot is another process, whose view of the
   * server has no event to wait on. Each answer takes at most about a second, so this does not spin.
   */
  async function healthUntil(bot: BotProcess, status: number): Promise<{ status: number; body: unknown }> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const answer = await health(bot);
      if (answer.status === status) return answer;
      if (Date.now() > deadline)
        throw new Error(`/readyz still answers ${answer.status} after ${WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function entry(commandText: string): AuditEntry {
  return {
    at: Date.now(),
    userId: ADMIN,
    channel: OPS_CHANNEL,
    commandText,
    action: 'purge',
    accountId: 'tencent-prod',
    domain: 'www.example.com',
    outcome: 'submitted',
    requestId: null,
    detail: null,
    changeId: null,
  };
}

function everything() {
  return { since: 0, limit: 10, offset: 0 };
}
