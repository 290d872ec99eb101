/**
 * /readyz in Socket Mode (issue 20, part 3): Socket Mode opens no port for Slack, so the probes get one of their own
 * (HEALTH_PORT). Ready means the Socket Mode connection is open and the store answers; otherwise 503 says which is
 * not. The store here is a PostgreSQL server of the test's own, stopped and started again under the running bot.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findServerBinaries,
  type PostgresCluster,
  startPostgresCluster,
} from '../support/postgres-cluster.ts';
import { OPERATOR, startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

const HOW_TO_RUN =
  'install PostgreSQL server binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/<version>/bin): ' +
  'this test stops and starts a server of its own';
/** Bounds every wait for the bot to notice a change: a refused connection is seen at once, a ping times out in 1 s. */
const WAIT_MS = 10_000;

interface Probe {
  status: number;
  body: Record<string, unknown>;
}

async function probe(test: TestBot, path: string): Promise<Probe> {
  const response = await fetch(`http://127.0.0.1:${test.bot.healthPort}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Asks until the answer has `status`, for at most WAIT_MS; the last answer either way. */
async function probeUntil(test: TestBot, path: string, status: number): Promise<Probe> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const answer = await probe(test, path);
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('the probes in Socket Mode', () => {
  it('serve /readyz and /healthz on a port of their own, and /readyz goes 503 when Slack drops the socket', async () => {
    bot = await startTestBot({ socketMode: true, probes: 0 });

    expect(bot.bot.port).toBeUndefined();
    expect(await probe(bot, '/readyz')).toEqual({
      status: 200,
      body: { ok: true, slack: 'connected', store: 'ok' },
    });
    expect(await probe(bot, '/healthz')).toEqual({ status: 200, body: { ok: true } });

    await bot.slack.close();
    const down = await probeUntil(bot, '/readyz', 503);

    expect(down).toEqual({
      status: 503,
      body: {
        ok: false,
        slack: 'down',
        store: 'ok',
        reasons: ['the Socket Mode connection to Slack is not open'],
      },
    });
  });
});

const binaries = findServerBinaries();
if (!binaries && process.env.CI) {
  describe('/readyz with the store stopped', () => {
    it('runs in CI', () => {
      throw new Error(`No PostgreSQL server binaries: ${HOW_TO_RUN}.`);
    });
  });
} else if (!binaries) {
  console.warn(`Skipping the /readyz store test: to run it, ${HOW_TO_RUN}.`);
  describe.skip('/readyz with the store stopped', () => {
    it('needs PostgreSQL server binaries', () => {});
  });
} else {
  let cluster: PostgresCluster | undefined;
  let serverDown = false;
  beforeAll(async () => {
    cluster = await startPostgresCluster(binaries);
  }, 60_000);
  afterEach(async () => {
    if (serverDown) await cluster?.startServer();
    serverDown = false;
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  describe('/readyz with the store stopped', () => {
    it('answers 503 naming the store while PostgreSQL is stopped, and 200 once it is back', async () => {
      const store = await cluster!.createDatabase();
      bot = await startTestBot({ socketMode: true, probes: 0, config: { store } });
      const before = await probe(bot, '/readyz');

      serverDown = true;
      await cluster!.stopServer();
      const down = await probeUntil(bot, '/readyz', 503);
      const downMetrics = await (await fetch(`http://127.0.0.1:${bot.bot.healthPort}/metrics`)).text();
      await cluster!.startServer();
      serverDown = false;
      const up = await probeUntil(bot, '/readyz', 200);
      const { status } = await bot.send('hosts', { user: OPERATOR });

      expect(before.status).toBe(200);
      expect(down).toEqual({
        status: 503,
        body: {
          ok: false,
          slack: 'connected',
          store: 'unavailable',
          reasons: ['the store cannot be reached (no answer to a ping within 1 s)'],
        },
      });
      // What the readiness checks met is counted too.
      expect(downMetrics).toMatch(/^cdnops_store_errors_total\{operation="ping",kind="unavailable"\} [1-9]/m);
      expect(up).toEqual({ status: 200, body: { ok: true, slack: 'connected', store: 'ok' } });
      expect(status).toBe(200);
      expect(visibleText(bot.slack.messages.at(-1)!)).toContain('www.example.com');
    }, 60_000);
  });
}
