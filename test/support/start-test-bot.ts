/**
 * Starts the real bot in HTTP mode against the Tencent sandbox and the Slack stand-in, all on 127.0.0.1 port 0 and
 * one manual clock, and sends it `/cdn` commands signed as Slack would.
 */

import { type DnsSandbox, startDnsSandbox } from '../../sandbox/dns/index.ts';
import { type EdgeWorld, startEdgeWorld } from '../../sandbox/edge-world/index.ts';
import { createManualClock, type ManualClock } from '../../sandbox/manual-clock.ts';
import {
  clickButton as clickAs,
  type SlackStandin,
  type StandinMessage,
  startSlackStandin,
} from '../../sandbox/slack/index.ts';
import {
  type SandboxAccount,
  startTencentSandbox,
  type TencentSandbox,
  type TencentSandboxOptions,
} from '../../sandbox/tencent/index.ts';
import {
  startWangsuSandbox,
  type WangsuSandbox,
  type WangsuSandboxAccount,
  type WangsuSandboxOptions,
} from '../../sandbox/wangsu/index.ts';
import { type RunningCdnops, startCdnops } from '../../src/app/start-cdnops.ts';
import { neverEvery } from '../../src/clock.ts';
import { Env } from '../../src/config/env.ts';
import { Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/logger.ts';
import type { Store } from '../../src/store/store.ts';

export const BOT_TOKEN = 'xoxb-test-bot-token-000000';
export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';
export const APP_TOKEN = 'xapp-1-A0001-test-app-token-000000';
export const OPS_CHANNEL = 'C0OPS00001';
export const VIEW_CHANNEL = 'C0VIEW0001';
export const ADMIN = 'U0ADMIN001';
export const OPERATOR = 'U0OPER0001';
export const VIEWER = 'U0VIEW0001';
export const GROUP_MEMBER = 'U0GROUP001';
export const OPS_GROUP = 'S0OPSGROUP';

export const TEST_ACCOUNT: SandboxAccount = {
  secretId: 'AKIDtestprod0000000000000000000000',
  secretKey: 'test-prod-secret-key-00000000000',
  domains: [
    { domain: 'www.example.com', origins: ['origin.example.com'], serviceType: 'web' },
    { domain: 'static.example.com', origins: ['10.0.0.8'], originType: 'ip', serviceType: 'web' },
    { domain: 'old.example.com', status: 'offline' },
    { domain: 'global.example.com', area: 'global' },
  ],
};

export const WANGSU_ACCOUNT: WangsuSandboxAccount = {
  username: 'ops-api-user',
  apiKey: 'wangsu-test-api-key-0000000000',
  domains: [
    { domain: 'cdn.example.cn', originIps: '203.0.113.7' },
    { domain: 'img.example.cn' },
    { domain: 'video.example.cn', enabled: false },
  ],
};

/** The account id of the second Tencent account (`backupTencent`), which has a sandbox of its own. */
export const BACKUP_ACCOUNT_ID = 'tencent-backup';

export interface TestBot {
  clock: ManualClock;
  tencent: TencentSandbox;
  /** Present when started with `backupTencent`: the account `tencent-backup`, on its own sandbox. */
  backupTencent: TencentSandbox | undefined;
  /** Present when started with `wangsu`: the account `wangsu-prod`. */
  wangsu: WangsuSandbox | undefined;
  slack: SlackStandin;
  /** Present when started with `edgeWorld`: the DNS, origin and edge sandboxes `/cdn check` is pointed at. */
  world: EdgeWorld | undefined;
  bot: RunningCdnops;
  appUrl: string;
  /** Stops the bot and starts a new one on the same config, store and sandboxes, as after a deploy or crash. */
  restart(): Promise<void>;
  /**
   * Starts another bot process on the same config, store, sandboxes and Slack, as a second replica would run
   * (give a file `store` in `config`: every `:memory:` store is a new one). `close` stops it too.
   */
  startReplica(): Promise<RunningCdnops>;
  logs: string[];
  /** Sends `/cdn <text>` and waits until the bot has finished answering it. */
  send(
    text: string,
    as?: { user?: string; channel?: string },
  ): Promise<{ status: number; responseKey: string }>;
  /** Messages the stand-in shows, newest last. */
  texts(): string[];
  close(): Promise<void>;
}

export async function startTestBot(options?: {
  account?: SandboxAccount;
  /** The key cdnops is configured with, when it should differ from the sandbox's. */
  configuredSecretKey?: string;
  sandbox?: Partial<Omit<TencentSandboxOptions, 'clock' | 'accounts'>>;
  config?: Record<string, unknown>;
  /** Where the manual clock starts, epoch ms (default 2026-11-23 10:00 Asia/Shanghai). */
  startAt?: number;
  /**
   * Also run a second Tencent account, `tencent-backup`, on a sandbox of its own, so faults pushed on it hit only
   * that account.
   */
  backupTencent?: SandboxAccount;
  /**
   * The store to run on instead of the config's (`:memory:` unless `config` says otherwise), e.g. one whose `ping`
   * fails. `close` and `restart` close it.
   */
  store?: Store;
  /** Also run a Wangsu account, `wangsu-prod`, beside `tencent-prod`. */
  wangsu?: {
    account?: WangsuSandboxAccount;
    sandbox?: Partial<Omit<WangsuSandboxOptions, 'clock' | 'accounts'>>;
    /** Configure AK/SK instead of the API key (the account must have both). */
    aksk?: boolean;
    configuredApiKey?: string;
  };
  /**
   * Also start the DNS, origin and edge sandboxes, and configure `check:` with the DNS sandbox as resolver and the
   * sandbox CA as caFile. `timeout` is `check.timeout` (default 3s, so a hanging edge is given up on quickly).
   * `allowNetworks` is `check.allowNetworks`: by default the loopback ranges the sandboxes listen on, which cdnops
   * refuses unless told; `null` leaves the key out, as a production config would.
   */
  edgeWorld?: { timeout?: string; allowNetworks?: string[] | null };
  /**
   * Run the bot in Socket Mode (SLACK_APP_TOKEN set) against the stand-in's WebSocket endpoint: `appUrl` is then the
   * stand-in's `socketModeAppUrl`, so every helper that sends commands, clicks or submissions uses the socket.
   */
  socketMode?: boolean;
  /**
   * Where the probes (/healthz, /readyz, /metrics) listen: a port (0: any free one), `same` (beside /slack/events,
   * HTTP mode's default) or `off` (Socket Mode's default here, so parallel tests do not all ask for port 9090,
   * unless `env` sets HEALTH_PORT).
   */
  probes?: 'same' | 'off' | number;
  /** Extra environment variables (HTTPS_PROXY, NO_PROXY, …), or a function of the stand-ins' URLs giving them. */
  env?: Record<string, string> | ((standins: { slackApiUrl: string }) => Record<string, string>);
}): Promise<TestBot> {
  const clock = createManualClock(options?.startAt);
  const account = options?.account ?? TEST_ACCOUNT;
  const tencent = await startTencentSandbox({ clock, accounts: [account], ...options?.sandbox });
  const backupAccount = options?.backupTencent;
  const backupTencent = backupAccount
    ? await startTencentSandbox({ clock, accounts: [backupAccount] })
    : undefined;
  const slack = await startSlackStandin({
    botToken: BOT_TOKEN,
    usergroups: { [OPS_GROUP]: [GROUP_MEMBER] },
    ...(options?.socketMode ? { appToken: APP_TOKEN } : {}),
  });
  const wangsuAccount = options?.wangsu ? (options.wangsu.account ?? WANGSU_ACCOUNT) : undefined;
  const wangsu = wangsuAccount
    ? await startWangsuSandbox({ clock, accounts: [wangsuAccount], ...options?.wangsu?.sandbox })
    : undefined;
  const world = options?.edgeWorld ? await startEdgeWorld(clock, { tencent, wangsu }) : undefined;
  // Without the edge world, `/cdn check` still asks a local DNS server, which knows no names: a test never reaches
  // the system's resolver, and with no edges found no origin is asked either.
  const emptyDns: DnsSandbox | undefined = world ? undefined : await startDnsSandbox();
  const config = Config.parse({
    timezone: 'Asia/Shanghai',
    store: ':memory:',
    providers: {
      'tencent-prod': {
        kind: 'tencent',
        secretId: account.secretId,
        secretKey: options?.configuredSecretKey ?? account.secretKey,
        endpoint: tencent.url,
      },
      ...(backupTencent && backupAccount
        ? {
            [BACKUP_ACCOUNT_ID]: {
              kind: 'tencent',
              secretId: backupAccount.secretId,
              secretKey: backupAccount.secretKey,
              endpoint: backupTencent.url,
            },
          }
        : {}),
      ...(wangsu && wangsuAccount
        ? {
            'wangsu-prod': options?.wangsu?.aksk
              ? {
                  kind: 'wangsu',
                  accessKey: wangsuAccount.accessKey,
                  secretKey: wangsuAccount.secretKey,
                  endpoint: wangsu.url,
                }
              : {
                  kind: 'wangsu',
                  username: wangsuAccount.username,
                  apiKey: options?.wangsu?.configuredApiKey ?? wangsuAccount.apiKey,
                  endpoint: wangsu.url,
                },
          }
        : {}),
    },
    channels: {
      [OPS_CHANNEL]: { role: 'admin' },
      [VIEW_CHANNEL]: { role: 'viewer' },
    },
    users: { [ADMIN]: 'admin', [OPERATOR]: 'operator', [OPS_GROUP]: 'operator' },
    defaultRole: 'viewer',
    follow: { pollInitial: '10s', pollMax: '60s', giveUpAfter: '30m' },
    check: world
      ? {
          resolver: world.dns.server,
          caFile: world.caFile,
          timeout: options?.edgeWorld?.timeout ?? '3s',
          ...allowNetworksOf(options?.edgeWorld?.allowNetworks),
        }
      : { resolver: emptyDns?.server },
    ...options?.config,
  });
  const extraEnv =
    typeof options?.env === 'function' ? options.env({ slackApiUrl: slack.apiUrl }) : (options?.env ?? {});
  const env = Env.parse({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...(options?.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...extraEnv,
  });
  const probes =
    options?.probes ?? (options?.socketMode && extraEnv.HEALTH_PORT === undefined ? 'off' : undefined);
  const appUrlOf = (running: RunningCdnops) =>
    options?.socketMode ? slack.socketModeAppUrl : `http://127.0.0.1:${running.port}/slack/events`;
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [
      BOT_TOKEN,
      SIGNING_SECRET,
      APP_TOKEN,
      account.secretKey,
      backupAccount?.secretKey ?? '',
      wangsuAccount?.apiKey ?? '',
      wangsuAccount?.secretKey ?? '',
    ],
    write: (line) => logs.push(line),
    now: clock.now,
  });
  const start = () =>
    startCdnops({
      config,
      env,
      clock,
      logger,
      random: () => 0.5,
      every: neverEvery,
      ...(probes !== undefined ? { probes } : {}),
      ...(options?.store ? { store: options.store } : {}),
    }).then(async (running) => {
      // Tests read the channel right after a (re)start: let the start-up digest catch-up finish first.
      await running.digests.settled();
      await running.alerts.settled();
      return running;
    });
  const bot = await start();
  const replicas: RunningCdnops[] = [];

  const test: TestBot = {
    clock,
    tencent,
    backupTencent,
    wangsu,
    slack,
    world,
    bot,
    appUrl: appUrlOf(bot),
    logs,
    async restart() {
      await test.bot.stop();
      test.bot = await start();
      test.appUrl = appUrlOf(test.bot);
    },
    async startReplica() {
      const replica = await start();
      replicas.push(replica);
      return replica;
    },
    async send(text, as) {
      const result = await slack.sendCommand(test.appUrl, SIGNING_SECRET, {
        text,
        userId: as?.user ?? OPERATOR,
        channelId: as?.channel ?? OPS_CHANNEL,
      });
      await test.bot.drain();
      return { status: result.status, responseKey: result.responseKey };
    },
    texts: () => slack.messages.map((message) => message.text),
    async close() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await test.bot.stop();
      await Promise.all([
        tencent.close(),
        slack.close(),
        wangsu?.close(),
        backupTencent?.close(),
        world?.close(),
        emptyDns?.close(),
      ]);
    },
  };
  return test;
}

/** The loopback ranges the DNS, origin and edge sandboxes listen on (127.0.0.1–5, and ::1 for AAAA answers). */
export const SANDBOX_NETWORKS = ['127.0.0.0/8', '::1/128'];

function allowNetworksOf(networks: string[] | null | undefined): { allowNetworks?: string[] } {
  if (networks === null) return {};
  return { allowNetworks: networks ?? SANDBOX_NETWORKS };
}

/** Every mrkdwn/plain text in a message's blocks, joined: what a person reads. */
export function visibleText(message: { text: string; blocks: unknown[] }): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(message.blocks);
  return texts.length > 0 ? texts.join('\n') : message.text;
}

/** Clicks a button on a message the stand-in shows, as Slack would, and waits until the bot has handled it. */
export async function clickButton(
  test: TestBot,
  message: StandinMessage,
  actionId: string,
  userId: string,
): Promise<number> {
  const { status } = await clickAs({
    standin: test.slack,
    appUrl: test.appUrl,
    signingSecret: SIGNING_SECRET,
    message,
    which: actionId,
    userId,
  });
  await test.bot.drain();
  return status;
}
