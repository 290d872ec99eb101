/**
 * The bot killed outright (SIGKILL, no shutdown hook runs) while a change waits for approval or while it is being
 * carried out, then started again on the same SQLite file: the request is still there, approving it runs the
 * change once, and nothing runs it a second time. `npm start`'s own entry point runs in a child process against
 * the Tencent sandbox and the Slack stand-in on the real clock; every wait is bounded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type SlackStandin,
  type StandinMessage,
  sendSignedToApp,
  startSlackStandin,
} from '../../sandbox/slack/index.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { systemClock } from '../../src/clock.ts';
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
} from '../support/start-test-bot.ts';
import { clickBody } from './click-body.ts';

const WAIT_MS = 10_000;
const SECOND_ADMIN = 'U0ADMIN002';
const DIGEST = 'durable-daily';
/** The takeover happens at start-up, or at the next 15-second digest tick if the lease had not run out yet. */
const DIGEST_WAIT_MS = 25_000;

type Bot = BotProcess;

interface World {
  tencent: TencentSandbox;
  slack: SlackStandin;
  configPath: string;
  storePath: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWorld(extraConfig: Record<string, unknown> = {}): Promise<World> {
  // Stopping a domain takes 30 s of clock time by default; this clock is real, so keep it short.
  const tencent = await startTencentSandbox({
    clock: systemClock,
    accounts: [TEST_ACCOUNT],
    changeDurationMs: 500,
  });
  cleanups.push(() => tencent.close());
  const slack = await startSlackStandin({ botToken: BOT_TOKEN });
  cleanups.push(() => slack.close());
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-durability-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const storePath = join(dir, 'cdnops.db');
  const configPath = join(dir, 'cdnops.yml');
  writeFileSync(
    configPath,
    stringify({
      timezone: 'Asia/Shanghai',
      store: storePath,
      providers: {
        'tencent-prod': {
          kind: 'tencent',
          secretId: TEST_ACCOUNT.secretId,
          secretKey: TEST_ACCOUNT.secretKey,
          endpoint: tencent.url,
        },
      },
      channels: { [OPS_CHANNEL]: { role: 'admin' } },
      users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' },
      ...extraConfig,
    }),
  );
  return { tencent, slack, configPath, storePath };
}

async function startBot(world: World): Promise<Bot> {
  const bot = await spawnBot({ configPath: world.configPath, slackApiUrl: world.slack.apiUrl });
  cleanups.push(() => bot.dispose());
  return bot;
}

/** SIGKILL: the process ends at once, mid-whatever, with no chance to finish or flush anything. */
async function kill(bot: Bot): Promise<void> {
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    bot.child.once('exit', (_code, signal) => resolve(signal)),
  );
  bot.child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

/**
 * An operator's `/cdn offline`: resolves once the approval card is posted and, unless `untilCardPosted`, once the
 * operator has been answered too (by then the card's ts is in the store).
 */
async function requestOffline(
  world: World,
  bot: Bot,
  options: { untilCardPosted?: boolean } = {},
): Promise<{ card: StandinMessage; id: string }> {
  const sent = await world.slack.sendCommand(bot.appUrl, SIGNING_SECRET, {
    text: 'offline www.example.com',
    userId: OPERATOR,
    channelId: OPS_CHANNEL,
  });
  expect(sent.status).toBe(200);
  const isCard = (message: StandinMessage) => JSON.stringify(message.blocks).includes('change.approve');
  await world.slack.waitFor(
    (_calls, messages) =>
      messages.some(isCard) &&
      (options.untilCardPosted === true ||
        messages.some((message) => message.text.startsWith('Asked for approval'))),
    { timeoutMs: WAIT_MS },
  );
  const card = world.slack.messages.find(isCard)!;
  const id = /Change request `([A-Z0-9]{6})`/.exec(visibleText(card))![1]!;
  return { card, id };
}

const stops = (world: World) => world.tencent.calls.filter((call) => call.action === 'StopCdnDomain');

/** Two start-ups of the real entry point and the waits between them; generous for a busy CI machine. */
const TEST_TIMEOUT_MS = 60_000;

describe('the bot killed with SIGKILL and started again on the same store', () => {
  it(
    'keeps a request that was waiting for approval, and approving it after the restart stops the domain once',
    async () => {
      const world = await startWorld();
      const first = await startBot(world);
      const { card, id } = await requestOffline(world, first);

      await kill(first);
      const second = await startBot(world);
      const click = await sendSignedToApp(
        second.appUrl,
        SIGNING_SECRET,
        clickBody(world.slack, card, 'change.approve', ADMIN),
      );
      await world.slack.waitFor(() => visibleText(card).includes(`done by <@${ADMIN}>`), {
        timeoutMs: WAIT_MS,
      });
      await world.slack.sendCommand(second.appUrl, SIGNING_SECRET, {
        text: `approve ${id}`,
        userId: SECOND_ADMIN,
        channelId: OPS_CHANNEL,
      });
      await world.slack.waitFor(
        (_calls, messages) => messages.some((message) => visibleText(message).includes('was already done')),
        { timeoutMs: WAIT_MS },
      );

      expect(click.status).toBe(200);
      expect(stops(world)).toHaveLength(1);
      expect(world.tencent.domain('www.example.com').status).toBe('offline');
      expect(second.output()).not.toContain('"level":"error"');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'runs a request once when the process died right after posting its card, and says so in the channel',
    async () => {
      const world = await startWorld();
      const first = await startBot(world);
      // Killed as soon as the card is out: its ts may never have reached the store, so it cannot be edited later.
      const { card } = await requestOffline(world, first, { untilCardPosted: true });

      await kill(first);
      const second = await startBot(world);
      await sendSignedToApp(
        second.appUrl,
        SIGNING_SECRET,
        clickBody(world.slack, card, 'change.approve', ADMIN),
      );
      await waitUntil(
        () =>
          world.slack.messages.some((message) =>
            visibleText(message).includes('stop www.example.com on tencent-prod: done'),
          ),
        WAIT_MS,
      );

      expect(stops(world)).toHaveLength(1);
      expect(world.tencent.domain('www.example.com').status).toBe('offline');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'does not run a change a second time when the process died while the provider was carrying it out',
    async () => {
      const world = await startWorld();
      const first = await startBot(world);
      const { card, id } = await requestOffline(world, first);
      // The second approver clicks later on the card as it still shows on their screen, buttons and all.
      const [approve, lateApprove] = [ADMIN, SECOND_ADMIN].map((user) =>
        clickBody(world.slack, card, 'change.approve', user),
      );
      // The sandbox applies the stop at once but holds its answer, so the bot dies between sending and hearing back.
      world.tencent.faults.push({ action: 'StopCdnDomain', kind: 'slow', delayMs: 5_000 });
      await sendSignedToApp(first.appUrl, SIGNING_SECRET, approve!);
      await waitUntil(() => stops(world).length === 1, WAIT_MS);

      await kill(first);
      const second = await startBot(world);
      await sendSignedToApp(second.appUrl, SIGNING_SECRET, lateApprove!);
      await world.slack.sendCommand(second.appUrl, SIGNING_SECRET, {
        text: `approve ${id}`,
        userId: SECOND_ADMIN,
        channelId: OPS_CHANNEL,
      });
      await world.slack.waitFor(
        (_calls, messages) =>
          messages.filter((message) =>
            visibleText(message).includes(`Change request \`${id}\` was already running`),
          ).length >= 2,
        { timeoutMs: WAIT_MS },
      );

      // Run once, and never again: the request itself stays `running` (nothing after a restart learns how the
      // provider call ended), so its card keeps saying so until someone looks at the domain. The one stop takes the
      // domain offline once the sandbox's 500 ms of real-time processing has passed, which a quick restart beats.
      expect(stops(world)).toHaveLength(1);
      await waitUntil(() => world.tencent.domain('www.example.com').status === 'offline', WAIT_MS);
      expect(stops(world)).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'posts a digest once when the process died while building it: the restarted process takes the run over',
    async () => {
      const world = await startWorld({
        digests: [
          { name: DIGEST, channel: OPS_CHANNEL, schedule: dailyScheduleMinutesAgo(5), domains: 'all' },
        ],
        leaseTtl: '1s',
      });
      // Traffic queries hang: the first process claims the run and is still waiting for figures when it dies.
      world.tencent.faults.push({ action: 'DescribeCdnData', kind: 'slow', delayMs: 60_000, times: 1_000 });
      const first = await startBot(world);
      await waitUntil(() => world.tencent.calls.some((call) => call.action === 'DescribeCdnData'), WAIT_MS);

      await kill(first);
      world.tencent.faults.clear();
      const second = await startBot(world);
      const isDigest = (message: StandinMessage) =>
        !message.threadTs && visibleText(message).includes(DIGEST);
      await world.slack.waitFor((_calls, messages) => messages.some(isDigest), { timeoutMs: DIGEST_WAIT_MS });

      expect(world.slack.messages.filter(isDigest)).toHaveLength(1);
      expect(second.output()).toContain('took over a digest run whose process stopped mid-run');
      // A third start finds the run finished: nothing is posted again.
      await kill(second);
      const third = await startBot(world);
      await world.slack.waitFor(() => third.output().includes('digest scheduled'), { timeoutMs: WAIT_MS });
      expect(world.slack.messages.filter(isDigest)).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});
