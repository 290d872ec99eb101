/**
 * The real bot as `npm start` builds it (HTTP mode, real clock, in-memory store), in this process, against the
 * bench sandboxes: in this process too (`startBenchBot`), or in a world process of their own (`startBotInWorld`).
 * Used where the bench drives the command pipeline directly (purge fan-out, stats, digests, hosts).
 */
import { type RunningCdnops, startCdnops } from '../src/app/start-cdnops.ts';
import { systemClock } from '../src/clock.ts';
import { Env } from '../src/config/env.ts';
import { Config } from '../src/config/schema.ts';
import { createLogger } from '../src/logger.ts';
import {
  BENCH_BOT_TOKEN,
  BENCH_SIGNING_SECRET,
  type BenchSandboxes,
  startBenchSandboxes,
} from './start-bench-sandboxes.ts';
import type { WorldProcess } from './start-world-process.ts';

export interface BenchBot extends BenchSandboxes {
  bot: RunningCdnops;
}

/** `config` adds to (or replaces) top-level keys of the bot's config, e.g. `check:`. */
export async function startBenchBot(
  options: Parameters<typeof startBenchSandboxes>[0],
  config: Record<string, unknown> = {},
): Promise<BenchBot> {
  const sandboxes = await startBenchSandboxes(options);
  const bot = await startBot({ ...sandboxes.config, ...config }, sandboxes.slack.apiUrl);
  return {
    ...sandboxes,
    bot,
    async close() {
      await bot.stop();
      await sandboxes.close();
    },
  };
}

/**
 * The bot in this process against a world process's sandboxes. `onLog` sees each log line (JSON) at `logLevel`,
 * e.g. the digest's `digest posted` with its provider calls; by default the logs are dropped.
 */
export async function startBotInWorld(
  world: WorldProcess,
  config: Record<string, unknown> = {},
  logs?: { level: 'info' | 'warn'; onLog: (line: string) => void },
): Promise<RunningCdnops> {
  return startBot({ ...world.config, ...config }, world.slackApiUrl, logs);
}

async function startBot(
  config: Record<string, unknown>,
  slackApiUrl: string,
  logs?: { level: 'info' | 'warn'; onLog: (line: string) => void },
): Promise<RunningCdnops> {
  const env = Env.parse({
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
    LOG_LEVEL: logs?.level ?? 'warn',
  });
  // Production logs to stderr; the bench keeps its table readable and drops them unless it reads them.
  const logger = createLogger({
    level: logs?.level ?? 'warn',
    secrets: [],
    write: logs?.onLog ?? (() => {}),
  });
  return startCdnops({ config: Config.parse(config), env, clock: systemClock, logger });
}
