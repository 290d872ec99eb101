/**
 * `cdnops <command> ...`: the /cdn commands from a terminal, with the same config file and no Slack. Answers are
 * printed as text; purge and prefetch wait until their tasks finish (Ctrl-C stops waiting, not the tasks).
 * `logs fetch` is the one command only the terminal has: it downloads files (see logs-fetch.ts).
 */
import type { Writable } from 'node:stream';
import { buildServices } from '../app/build-services.ts';
import { LOCAL_CHANNEL, LOCAL_USER, localGuardrails } from '../auth/local-guardrails.ts';
import type { Clock } from '../clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { runCommand } from '../dispatch/run-command.ts';
import { createLogger, type LogLevel } from '../logger.ts';
import type { Message, Messenger } from '../messaging/message.ts';
import { renderBlocksAsText } from '../render/blocks-to-text.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import { STRICT_ADDRESS_POLICY } from '../util/address-policy.ts';
import { runLogsFetch } from './logs-fetch.ts';

export async function runCli(input: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: Writable;
  stderr: Writable;
  clock: Clock;
  color: boolean;
}): Promise<number> {
  const { argv, env, stdout, stderr, clock, color } = input;
  const configPath = env.CDNOPS_CONFIG?.trim() || './cdnops.yml';
  const loaded = loadConfig({ path: configPath, env });
  if (!loaded.ok) {
    stderr.write(`cdnops cannot start:\n${loaded.problems.map((problem) => `  ${problem}`).join('\n')}\n`);
    return 1;
  }
  const print = (message: Message): void => {
    stdout.write(`${renderBlocksAsText(message, { color })}\n`);
  };
  let posted = 0;
  const messenger: Messenger = {
    async post(_channel, message) {
      print(message);
      posted += 1;
      return { channel: LOCAL_CHANNEL, ts: String(posted) };
    },
    async update(_ref, message) {
      stdout.write('\n');
      print(message);
    },
    async editOnce(_ref, message) {
      stdout.write('\n');
      print(message);
    },
    async postOnce(_channel, message) {
      print(message);
      posted += 1;
      return { channel: LOCAL_CHANNEL, ts: String(posted) };
    },
    async replace(_responseUrl, message) {
      stdout.write('\n');
      print(message);
    },
  };
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'warn') as LogLevel;
  const logger = createLogger({ level, secrets: loaded.secrets, write: (line) => stderr.write(`${line}\n`) });
  // Followed tasks stay in memory: the bot's own store must not have its Slack messages picked up by a terminal.
  const store = openSqliteStore(':memory:');
  const services = buildServices({
    config: loaded.config,
    store,
    messenger,
    groupMembers: async () => [],
    clock,
    logger,
  });
  services.guardrails = localGuardrails(Object.keys(loaded.config.providers));
  services.follower.start();
  try {
    if (argv[0]?.toLowerCase() === 'logs' && argv[1]?.toLowerCase() === 'fetch') {
      return await runLogsFetch({
        argv: argv.slice(2),
        services,
        stdout,
        stderr,
        clock,
        rules: {
          policy: services.check.addressPolicy ?? STRICT_ADDRESS_POLICY,
          allowHttpOnLoopback: loaded.config.check.allowHttpLogLinksOnLoopback ?? false,
        },
      });
    }
    const ok = await runCommand(
      { text: argv.join(' '), tokens: argv, userId: LOCAL_USER, channelId: LOCAL_CHANNEL },
      services,
      async (reply) => {
        print(reply);
      },
    );
    await services.follower.idle();
    return ok ? 0 : 1;
  } finally {
    await services.follower.stop();
    await store.close();
  }
}
