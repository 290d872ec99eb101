/**
 * Three `npm start` processes on one PostgreSQL database, each on its own port, against the provider sandboxes and
 * the Slack stand-in on the real clock: the coordination PRODUCT.md promises for replicas is shown through what a
 * user would see (one domain stop, one digest, one edited purge message) and what a provider would count.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type SlackStandin, sendSignedToApp, startSlackStandin } from '../../sandbox/slack/index.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { maxCallsInWindow } from '../../sandbox/tencent/rate-limit.ts';
import { startWangsuSandbox, type WangsuSandbox } from '../../sandbox/wangsu/index.ts';
import { systemClock } from '../../src/clock.ts';
import { clickBody } from '../reliability/click-body.ts';
import { findPostgres, type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { dailyScheduleMinutesAgo, waitUntil } from '../support/process-waits.ts';
import { type BotProcess, spawnBot } from '../support/spawn-bot.ts';
import {
  ADMIN,
  BOT_TOKEN,
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  TEST_ACCOUNT,
  visibleText,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';
const WAIT_MS = 15_000;
/** Several waits of WAIT_MS each on a busy machine. */
const TEST_TIMEOUT_MS = 60_000;
const LEASE = '2s';
const DIGEST = 'replicas-daily';
const WATCH = 'replicas-errors';
/** Each replica looks for a new interval every 30 s (ALERT_TICK_MS). */
const ALERT_TICK_MS = 30_000;
/** Wangsu's shared bucket (src/providers/wangsu/client.ts): a burst of 120, then one call every 2 s. */
const WANGSU_BURST = 120;
const WANGSU_REFILL_PER_SECOND = 0.5;

const source = findPostgres();
const describeWithPostgres = source ? describe : process.env.CI ? describe : describe.skip;
if (!source && !process.env.CI) {
  console.warn('Skipping the replica tests: they need PostgreSQL (see test/store/postgres-store.test.ts).');
}

interface World {
  cluster: PostgresCluster;
  tencent: TencentSandbox;
  wangsu: WangsuSandbox;
  slack: SlackStandin;
  configPath: string;
  replicas: BotProcess[];
  dir: string;
  /** Before any replica started: no provider budget was drawn on earlier. */
  startedAt: number;
}

async function startWorld(): Promise<World> {
  if (!source) throw new Error('No PostgreSQL to test against: see test/store/postgres-store.test.ts.');
  const cluster = await startPostgresCluster(source);
  const databaseUrl = await cluster.createDatabase();
  // Purge tasks run until the test finishes them; changes take half a second.
  const tencent = await startTencentSandbox({
    clock: systemClock,
    accounts: [TEST_ACCOUNT],
    changeDurationMs: 500,
    taskDurationMs: 3_600_000,
  });
  const wangsu = await startWangsuSandbox({ clock: systemClock, accounts: [WANGSU_ACCOUNT] });
  const slack = await startSlackStandin({ botToken: BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-replicas-'));
  const configPath = join(dir, 'cdnops.yml');
  writeFileSync(
    configPath,
    stringify({
      timezone: 'Asia/Shanghai',
      store: databaseUrl,
      providers: {
        'tencent-prod': {
          kind: 'tencent',
          secretId: TEST_ACCOUNT.secretId,
          secretKey: TEST_ACCOUNT.secretKey,
          endpoint: tencent.url,
        },
        'wangsu-prod': {
          kind: 'wangsu',
          username: WANGSU_ACCOUNT.username,
          apiKey: WANGSU_ACCOUNT.apiKey,
          endpoint: wangsu.url,
        },
      },
      channels: { [OPS_CHANNEL]: { role: 'admin' } },
      users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' },
      digests: [{ name: DIGEST, channel: OPS_CHANNEL, schedule: dailyScheduleMinutesAgo(5), domains: 'all' }],
      watches: [
        { name: WATCH, channel: OPS_CHANNEL, domains: ['static.example.com'], when: '5xx > 2%', for: '5m' },
      ],
      follow: { pollInitial: '1s', pollMax: '1s', giveUpAfter: '10m' },
      leaseTtl: LEASE,
    }),
  );
  // A 5xx spike from before the replicas start: their start-up evaluations race for the same (rule, interval).
  tencent.startIncident('static.example.com', { from: Date.now() - 20 * 60_000, serverErrorShare: 0.3 });
  const startedAt = Date.now();
  // Started together, so their start-up digest catch-ups race for the same run.
  const replicas = await Promise.all(
    [0, 1, 2].map(() => spawnBot({ configPath, slackApiUrl: slack.apiUrl })),
  );
  return { cluster, tencent, wangsu, slack, configPath, replicas, dir, startedAt };
}

describeWithPostgres('three replicas on one PostgreSQL database', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  }, 90_000);

  afterAll(async () => {
    if (!world) return;
    await Promise.all(world.replicas.map((replica) => replica.dispose()));
    await Promise.all([world.tencent.close(), world.wangsu.close(), world.slack.close()]);
    await world.cluster.stop();
    rmSync(world.dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'posts a digest due at one instant once, though all three replicas looked for it',
    async () => {
      const isDigest = (text: string) => text.includes(DIGEST);
      await world.slack.waitFor(
        (_calls, messages) => messages.some((message) => !message.threadTs && isDigest(visibleText(message))),
        { timeoutMs: WAIT_MS },
      );
      // Every replica has finished its start-up catch-up by now: each logged that it scheduled the digest.
      for (const replica of world.replicas) expect(replica.output()).toContain('digest scheduled');

      const digests = world.slack.messages.filter(
        (message) => !message.threadTs && isDigest(visibleText(message)),
      );
      expect(digests).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'posts one message for an alert though all three replicas evaluate the rule',
    async () => {
      const isAlert = (message: { text: string; threadTs?: string }) =>
        !message.threadTs && message.text.startsWith(`Alert ${WATCH}`);
      await world.slack.waitFor((_calls, messages) => messages.some(isAlert), { timeoutMs: WAIT_MS });
      // Every replica looked at start-up and looks again within a tick: none of them posts a second message.
      await new Promise((resolve) => setTimeout(resolve, ALERT_TICK_MS + 2_000));

      expect(world.slack.messages.filter(isAlert)).toHaveLength(1);
    },
    2 * ALERT_TICK_MS + 2 * WAIT_MS,
  );

  it(
    'stops the domain once when 30 Approve clicks land on the three replicas at once',
    async () => {
      const [first] = world.replicas;
      await world.slack.sendCommand(first!.appUrl, SIGNING_SECRET, {
        text: 'offline www.example.com',
        userId: OPERATOR,
        channelId: OPS_CHANNEL,
      });
      const isCard = (message: { blocks: unknown[] }) =>
        JSON.stringify(message.blocks).includes('change.approve');
      await world.slack.waitFor((_calls, messages) => messages.some(isCard), { timeoutMs: WAIT_MS });
      const card = world.slack.messages.find(isCard)!;

      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          sendSignedToApp(
            world.replicas[index % 3]!.appUrl,
            SIGNING_SECRET,
            clickBody(world.slack, card, 'change.approve', SECOND_ADMIN),
          ),
        ),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      await world.slack.waitFor(
        () => visibleText(card).includes(`<@${SECOND_ADMIN}>`) && /done/i.test(visibleText(card)),
        {
          timeoutMs: WAIT_MS,
        },
      );

      expect(world.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'finishes following a purge whose replica was killed, editing its message once from another replica',
    async () => {
      const victim = world.replicas[2]!;
      // www.example.com was taken offline above.
      const url = 'https://static.example.com/replicas/app.js';
      await world.slack.sendCommand(victim.appUrl, SIGNING_SECRET, {
        text: `purge ${url}`,
        userId: ADMIN,
        channelId: OPS_CHANNEL,
      });
      const isPurge = (message: { text: string; blocks: unknown[] }) =>
        message.text.startsWith('Purge') && visibleText(message).includes('/replicas/app.js');
      await world.slack.waitFor((_calls, messages) => messages.some(isPurge), { timeoutMs: WAIT_MS });
      const message = world.slack.messages.find(isPurge)!;
      // The victim polls the task every second under a 2 s lease; it dies holding the submission or between polls.
      await waitUntil(
        () => world.tencent.calls.some((call) => call.action === 'DescribePurgeTasks'),
        WAIT_MS,
      );
      expect((await victim.signal('SIGKILL')).signal).toBe('SIGKILL');
      const editsBefore = message.edits;

      world.tencent.finishAllTasks();
      await world.slack.waitFor(() => message.text.endsWith(': done'), { timeoutMs: WAIT_MS });

      expect(message.edits).toBe(editsBefore + 1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'on SIGTERM a replica following a purge exits 0 and another one finishes the purge, editing its message once',
    async () => {
      const leaving = world.replicas[1]!;
      await world.slack.sendCommand(leaving.appUrl, SIGNING_SECRET, {
        text: 'purge https://static.example.com/replicas/sigterm.js',
        userId: ADMIN,
        channelId: OPS_CHANNEL,
      });
      const isPurge = (message: { text: string; blocks: unknown[] }) =>
        message.text.startsWith('Purge') && visibleText(message).includes('/replicas/sigterm.js');
      await world.slack.waitFor((_calls, messages) => messages.some(isPurge), { timeoutMs: WAIT_MS });
      const message = world.slack.messages.find(isPurge)!;
      const editsBefore = message.edits;

      const stoppedAt = Date.now();
      const exit = await leaving.signal('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      // shutdownGrace is 20 s by default; with nothing slow running it is much quicker than that.
      expect(Date.now() - stoppedAt).toBeLessThan(20_000);
      expect(leaving.output()).not.toContain('"level":"error"');

      world.tencent.finishAllTasks();
      await world.slack.waitFor(() => message.text.endsWith(': done'), { timeoutMs: WAIT_MS });
      expect(message.edits).toBe(editsBefore + 1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps 24 stats at once through the three replicas within Tencent’s sliding 20 calls a second, none refused',
    async () => {
      const alive = world.replicas.filter(
        (replica) => replica.child.exitCode === null && replica.child.signalCode === null,
      );
      const isStats = (message: { text: string }) => message.text.startsWith('Traffic for all domains');
      const before = world.slack.messages.filter(isStats).length;
      const startedAt = Date.now();
      // 24 × 5 metrics = 120 DescribeCdnData calls, asked at once: at least 6 seconds' worth at 20 a second.
      await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          world.slack.sendCommand(alive[index % alive.length]!.appUrl, SIGNING_SECRET, {
            text: 'stats all --last 7d',
            userId: ADMIN,
            channelId: OPS_CHANNEL,
          }),
        ),
      );
      await world.slack.waitFor((_calls, messages) => messages.filter(isStats).length >= before + 24, {
        timeoutMs: 30_000,
      });

      const calls = world.tencent.calls.filter(
        (call) => call.action === 'DescribeCdnData' && call.at >= startedAt,
      );
      expect(calls.length).toBeGreaterThanOrEqual(120);
      expect(calls.filter((call) => call.errorCode !== undefined)).toEqual([]);
      expect(maxCallsInWindow(calls.map((call) => call.at))).toBeLessThanOrEqual(20);
      for (const replica of alive) expect(replica.output()).not.toContain('RequestLimitExceeded');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps a burst of Wangsu purges through the replicas within the account budget, together',
    async () => {
      const alive = world.replicas.filter(
        (replica) => replica.child.exitCode === null && replica.child.signalCode === null,
      );
      // Purges and the polls that follow them draw on the same budget.
      const accepted = () => world.wangsu.calls.filter((call) => call.status === 200).length;
      // 330 purges: more than the 300 a 5-minute window allows, so replicas pacing alone (3 × 240) would be refused.
      for (let batch = 0; batch < 11; batch++) {
        await Promise.all(
          Array.from({ length: 30 }, (_, index) =>
            world.slack.sendCommand(alive[index % alive.length]!.appUrl, SIGNING_SECRET, {
              text: `purge https://cdn.example.cn/burst/${batch}-${index}.js`,
              userId: ADMIN,
              channelId: OPS_CHANNEL,
            }),
          ),
        );
      }
      await waitUntil(() => accepted() >= WANGSU_BURST, WAIT_MS);
      // The bucket filled up when the first replica first called Wangsu (its start-up digest), after startedAt.
      const elapsedSeconds = (Date.now() - world.startedAt) / 1000;

      expect(world.wangsu.calls.filter((call) => call.status === 446)).toEqual([]);
      expect(accepted()).toBeLessThanOrEqual(
        WANGSU_BURST + Math.ceil(elapsedSeconds * WANGSU_REFILL_PER_SECOND) + 1,
      );
      expect(world.wangsu.maxRequestsInWindow(WANGSU_ACCOUNT.username!)).toBeLessThanOrEqual(300);
    },
    TEST_TIMEOUT_MS,
  );
});
