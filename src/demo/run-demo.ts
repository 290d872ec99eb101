/**
 * `npm run demo`: a terminal chat with the real bot. The same Bolt app, pipeline and embedded store as in
 * production run in HTTP mode against the Tencent sandbox and the Slack stand-in; each line typed is sent as a
 * signed `/cdn` command, and whatever the bot posts, edits or answers privately is rendered as text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { startCdnops } from '../app/start-cdnops.ts';
import type { Clock } from '../clock.ts';
import { Env } from '../config/env.ts';
import { Config } from '../config/schema.ts';
import { createLogger } from '../logger.ts';
import { renderBlocksAsText } from '../render/blocks-to-text.ts';
import { buttonsOf, clickButton, startSlackStandin } from '../sandbox/slack/index.ts';
import { DEMO_TENCENT_ACCOUNT, startTencentSandbox } from '../sandbox/tencent/index.ts';
import { DEMO_WANGSU_ACCOUNT, startWangsuSandbox } from '../sandbox/wangsu/index.ts';
import {
  DEMO_BOT_TOKEN,
  DEMO_CHANNELS,
  DEMO_SIGNING_SECRET,
  DEMO_USERS,
  type DemoChannel,
  type DemoUser,
  demoConfig,
} from './demo-world.ts';

const CONTROLS =
  'Demo controls: :as viewer|operator|admin|admin2   :in web-ops|readers|random   :click <button label>   :finish (complete tasks now)   :quit';

export interface DemoOptions {
  input: Readable;
  output: Writable;
  clock: Clock;
  /** Prompts and colours for a person at a terminal; off when input is piped. */
  interactive: boolean;
  /** How long sandbox tasks take (clock time). */
  taskDurationMs?: number;
  /** Upper bound on waiting for followed tasks once input ends. */
  settleTimeoutMs?: number;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { output, clock, interactive } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-demo-'));
  const tencent = await startTencentSandbox({
    clock,
    accounts: [DEMO_TENCENT_ACCOUNT],
    taskDurationMs: options.taskDurationMs ?? 6_000,
  });
  const wangsu = await startWangsuSandbox({
    clock,
    accounts: [DEMO_WANGSU_ACCOUNT],
    purgeDurationMs: options.taskDurationMs ?? 6_000,
    deployDurationMs: options.taskDurationMs ?? 6_000,
  });
  const slack = await startSlackStandin({ botToken: DEMO_BOT_TOKEN });
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
    write: (line) => write(`[log] ${line}`),
  });
  const bot = await startCdnops({ config, env, clock, logger });
  const appUrl = `http://127.0.0.1:${bot.port}/slack/events`;

  let user: DemoUser = 'operator';
  let channel: DemoChannel = 'web-ops';
  const channelName = (id: string) =>
    Object.entries(DEMO_CHANNELS).find(([, value]) => value.id === id)?.[0] ?? id;
  const render = (message: { text: string; blocks: unknown[] }) =>
    renderBlocksAsText(message, { color: interactive })
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');

  const unsubscribe = slack.onChange((change) => {
    const message = change.message;
    if (!message) return;
    if (change.kind === 'posted')
      write(`\n── cdnops in #${channelName(message.channel)} ──\n${render(message)}`);
    if (change.kind === 'updated')
      write(`\n── cdnops edited its message in #${channelName(message.channel)} ──\n${render(message)}`);
    if (change.kind === 'ephemeral') write(`\n── cdnops (only you see this) ──\n${render(message)}`);
  });

  write(
    [
      'cdnops demo: the real bot against local Tencent Cloud and Wangsu sandboxes and a stand-in for Slack. No account, no network.',
      'Type a command such as `/cdn hosts`, `/cdn purge https://www.example.com/app.js https://cdn.example.cn/app.js`, `/cdn access www.example.cn` or `/cdn help`.',
      CONTROLS,
    ].join('\n'),
  );
  const prompt = () => {
    if (interactive) output.write(`\n#${channel} as ${DEMO_USERS[user].name} › `);
  };

  const lines = createInterface({ input: options.input, terminal: false });
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === ':quit' || line === ':q') break;
    if (line.startsWith(':')) {
      const [control, value] = line.slice(1).split(/\s+/);
      if (control === 'as' && value && value in DEMO_USERS) user = value as DemoUser;
      else if (control === 'in' && value && value in DEMO_CHANNELS) channel = value as DemoChannel;
      else if (control === 'click' && value) {
        const label = line.slice(1).replace(/^click\s+/, '');
        // The newest message the current user can see that has such a button.
        const message = [...slack.messages]
          .reverse()
          .find(
            (candidate) =>
              (!candidate.ephemeral || candidate.user === DEMO_USERS[user].id) &&
              buttonsOf(candidate).some(
                ({ button }) => button.text?.text?.toLowerCase() === label.toLowerCase(),
              ),
          );
        if (!message) write(`No message here has a "${label}" button.`);
        else {
          await clickButton({
            standin: slack,
            appUrl,
            signingSecret: DEMO_SIGNING_SECRET,
            message,
            which: label,
            userId: DEMO_USERS[user].id,
          });
          await bot.drain();
        }
      } else if (control === 'finish') {
        tencent.finishAllTasks();
        wangsu.finishAll();
        write('All pending sandbox tasks finished; the bot notices on its next poll.');
      } else write(CONTROLS);
    } else if (line.length > 0) {
      const text = line.replace(/^\/cdn\b\s*/, '');
      await slack.sendCommand(appUrl, DEMO_SIGNING_SECRET, {
        text,
        userId: DEMO_USERS[user].id,
        userName: DEMO_USERS[user].name,
        channelId: DEMO_CHANNELS[channel].id,
        channelName: channel,
      });
      await bot.drain();
    }
    prompt();
  }

  // Piped input ends before purges finish: wait so the edited messages are shown too. The bound is a watchdog on
  // this process in real time, not part of the bot's logic, so it does not use the injected clock.
  await Promise.race([
    bot.services.follower.idle(),
    delay(options.settleTimeoutMs ?? 60_000, undefined, { ref: false }),
  ]);
  unsubscribe();
  await bot.stop();
  await Promise.all([tencent.close(), wangsu.close(), slack.close()]);
  rmSync(dir, { recursive: true, force: true });
}
