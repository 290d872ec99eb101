/**
 * The demo's running world: the same Bolt app, pipeline and embedded store as in production, in HTTP mode against
 * the Tencent Cloud and Wangsu sandboxes and the Slack stand-in, all on 127.0.0.1. The terminal chat and the web
 * playground both drive this one instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EdgeWorld, startEdgeWorld } from '../sandbox/edge-world/index.ts';
import { type SlackStandin, startSlackStandin } from '../sandbox/slack/index.ts';
import { DEMO_TENCENT_ACCOUNT, startTencentSandbox } from '../sandbox/tencent/index.ts';
import { DEMO_WANGSU_ACCOUNT, startWangsuSandbox } from '../sandbox/wangsu/index.ts';
import { type RunningCdnops, startCdnops } from '../src/app/start-cdnops.ts';
import type { Clock } from '../src/clock.ts';
import { Env } from '../src/config/env.ts';
import { Config } from '../src/config/schema.ts';
import { createLogger } from '../src/logger.ts';
import { canSkipAhead } from './demo-clock.ts';

const INTERVAL_MS = 5 * 60_000;
const intervalStart = (ms: number) => Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
/** The tests' manual clock moves by `advance`. */
const isManual = (clock: Clock): clock is Clock & { advance(ms: number): void } =>
  typeof (clock as { advance?: unknown }).advance === 'function';

import {
  DEMO_BOT_TOKEN,
  DEMO_CHANNELS,
  DEMO_FILES,
  DEMO_SIGNING_SECRET,
  DEMO_SITES,
  DEMO_USERS,
  type DemoChannel,
  type DemoUser,
  demoConfig,
} from './demo-world.ts';

export interface RunningDemo {
  slack: SlackStandin;
  bot: RunningCdnops;
  /** Where the stand-in sends signed requests: the bot's HTTP receiver. */
  appUrl: string;
  signingSecret: string;
  /** The bot's configured time zone (its config's `timezone`), in which it writes every time it shows. */
  timezone: string;
  /** The DNS, origin and edge sandboxes `/cdn check` asks. */
  edgeWorld: EdgeWorld;
  /**
   * URLs `/cdn check` can ask about, one per demo site. They name the edges' HTTPS port: the sandbox edges cannot
   * listen on 443.
   */
  checkableUrls: string[];
  /**
   * Puts a new version of `url`'s file on the origin, as a deploy would; the edges keep serving their copy until a
   * purge of it completes. Returns what happened, or why nothing did.
   */
  publish(url: string): string;
  /** Sends `/cdn <text>` as `user` in `channel`, signed as Slack would, and waits until the bot has answered. */
  sendCommand(user: DemoUser, channel: DemoChannel, text: string): Promise<void>;
  /**
   * Ends every pending sandbox task and domain change now, and moves the demo's clock (when it can be moved) so the
   * bot's next poll happens at once rather than seconds later.
   */
  finishTasks(): void;
  /** The domains `incident` and `recover` take: the Tencent sandbox's, whose traffic model stages spikes. */
  incidentDomains: readonly string[];
  /** Where the demo's watch rule posts its alerts. */
  alertChannel: DemoChannel;
  /**
   * Stages a 5xx spike on a Tencent domain from the last 5-minute interval on, moves the demo clock to the next
   * interval and lets the watch rules look, so the demo's rule fires at once. Says what happened, or why nothing did.
   */
  incident(domain: string): Promise<DemoOutcome>;
  /** Ends the domain's spike and moves the clock two intervals on, evaluating each, so the alert resolves. */
  recover(domain: string): Promise<DemoOutcome>;
  stop(): Promise<void>;
}

/** What a demo control did: `done` false when it refused (and `text` says why and how to ask). */
export interface DemoOutcome {
  done: boolean;
  text: string;
}

export async function startDemo(options: {
  clock: Clock;
  /** How long sandbox tasks and domain changes take (clock time). */
  taskDurationMs: number;
  /** Where the bot's warnings go. */
  log: (line: string) => void;
}): Promise<RunningDemo> {
  const { clock, taskDurationMs } = options;
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-demo-'));
  const tencent = await startTencentSandbox({
    clock,
    accounts: [DEMO_TENCENT_ACCOUNT],
    taskDurationMs,
    changeDurationMs: taskDurationMs,
  });
  const wangsu = await startWangsuSandbox({
    clock,
    accounts: [DEMO_WANGSU_ACCOUNT],
    purgeDurationMs: taskDurationMs,
    deployDurationMs: taskDurationMs,
  });
  // Messages are stamped on the demo's clock, so an alert posted after `:incident` moved it reads the time its text
  // names, not the real time minutes earlier.
  const slack = await startSlackStandin({ botToken: DEMO_BOT_TOKEN, now: () => clock.now() });
  for (const [name, channel] of Object.entries(DEMO_CHANNELS)) slack.knowChannel(channel.id, name);
  for (const user of Object.values(DEMO_USERS)) slack.knowUser(user.id, user.handle);
  const edgeWorld = await startEdgeWorld(clock, { tencent, wangsu });
  const versions = new Map<string, number>();
  const publishVersion = (site: string, path: string) => {
    const version = (versions.get(`${site}${path}`) ?? 0) + 1;
    versions.set(`${site}${path}`, version);
    edgeWorld.origin.setFile(site, path, { body: `${site}${path} version ${version}\n` });
    return version;
  };
  for (const site of DEMO_SITES) {
    edgeWorld.serve(site);
    for (const path of DEMO_FILES) publishVersion(site, path);
  }
  const config = Config.parse(
    demoConfig({
      store: join(dir, 'cdnops.db'),
      tencent: {
        endpoint: tencent.url,
        secretId: DEMO_TENCENT_ACCOUNT.secretId,
        secretKey: DEMO_TENCENT_ACCOUNT.secretKey,
      },
      wangsu: {
        endpoint: wangsu.url,
        username: DEMO_WANGSU_ACCOUNT.username ?? '',
        apiKey: DEMO_WANGSU_ACCOUNT.apiKey ?? '',
      },
      check: { resolver: edgeWorld.dns.server, caFile: edgeWorld.caFile },
    }),
  );
  const env = Env.parse({
    SLACK_BOT_TOKEN: DEMO_BOT_TOKEN,
    SLACK_SIGNING_SECRET: DEMO_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger({
    level: 'warn',
    secrets: [
      DEMO_BOT_TOKEN,
      DEMO_SIGNING_SECRET,
      DEMO_TENCENT_ACCOUNT.secretKey,
      DEMO_WANGSU_ACCOUNT.apiKey ?? '',
    ],
    write: (line) => options.log(`[log] ${line}`),
  });
  const bot = await startCdnops({ config, env, clock, logger });
  const appUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  const incidentDomains = DEMO_TENCENT_ACCOUNT.domains.map((seed) => seed.domain);
  /**
   * Moves the clock just past the next 5-minute boundary and evaluates the watch rules there. An evaluation still
   * running (the one at start-up, or the bot's own ticker's) is waited for first and after: one overtaken by the
   * jump would see its lease expire and run beside the next, and the two would each post a message for one alert.
   */
  const nextInterval = async () => {
    await bot.alerts.settled();
    const target = intervalStart(clock.now()) + INTERVAL_MS + 1_000;
    const ahead = target - clock.now();
    if (canSkipAhead(clock)) clock.skipAhead(ahead);
    else if (isManual(clock)) clock.advance(ahead);
    await bot.alerts.tick(clock.now());
    // The bot's own ticker may have won this interval's claim, in which case `tick` returned before it was looked at.
    await bot.alerts.settled();
  };
  const knownDomain = (domain: string): string | undefined => {
    const name = domain.trim().toLowerCase();
    return incidentDomains.includes(name) ? name : undefined;
  };
  const refused = (domain: string): DemoOutcome => ({
    done: false,
    text: `The demo stages incidents on its Tencent domains, not ${domain.trim() || 'nothing'}: ${incidentDomains.join(', ')}.`,
  });

  return {
    slack,
    bot,
    appUrl,
    signingSecret: DEMO_SIGNING_SECRET,
    timezone: config.timezone,
    edgeWorld,
    checkableUrls: DEMO_SITES.map((site) => `https://${site}:${edgeWorld.edges.httpsPort}${DEMO_FILES[0]}`),
    publish(text) {
      let url: URL;
      try {
        url = new URL(text.trim());
      } catch {
        return `Not a URL: ${text}. Write it as https://www.example.com/app.js`;
      }
      const site = DEMO_SITES.find((candidate) => candidate === url.hostname);
      if (site === undefined)
        return `The demo's origin serves ${DEMO_SITES.join(', ')}; not ${url.hostname}.`;
      const version = publishVersion(site, url.pathname);
      return `The origin of ${site} now serves version ${version} of ${url.pathname}. Edges keep their copy until a purge of it completes.`;
    },
    async sendCommand(user, channel, text) {
      await slack.sendCommand(appUrl, DEMO_SIGNING_SECRET, {
        text,
        userId: DEMO_USERS[user].id,
        userName: DEMO_USERS[user].name,
        channelId: DEMO_CHANNELS[channel].id,
        channelName: channel,
      });
      await bot.drain();
    },
    finishTasks() {
      tencent.finishAllTasks();
      wangsu.finishAll();
      // Domain changes have no "finish" of their own in the sandbox: they end once their duration has passed.
      if (canSkipAhead(clock)) clock.skipAhead(taskDurationMs);
    },
    incidentDomains,
    alertChannel: 'web-ops',
    async incident(domain) {
      const name = knownDomain(domain);
      if (name === undefined) return refused(domain);
      tencent.startIncident(name, { from: intervalStart(clock.now()) - INTERVAL_MS, serverErrorShare: 0.12 });
      await nextInterval();
      return {
        done: true,
        text: `${name} now answers 12% of its requests with 502. The clock moved to the next 5-minute interval and the watch rule site-errors looked: see #web-ops.`,
      };
    },
    async recover(domain) {
      const name = knownDomain(domain);
      if (name === undefined) return refused(domain);
      tencent.endIncident(name, intervalStart(clock.now()));
      await nextInterval();
      await nextInterval();
      return {
        done: true,
        text: `${name} answers normally again. The clock moved two 5-minute intervals on; the alert resolves once every domain has been under 80% of its threshold for two intervals.`,
      };
    },
    async stop() {
      await bot.stop();
      await Promise.all([tencent.close(), wangsu.close(), slack.close(), edgeWorld.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
