/**
 * The real bot as `npm start` builds it (HTTP mode, real clock, in-memory store), in this process, against the
 * bench sandboxes. Used where the bench drives the command pipeline directly (purge fan-out, stats).
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

export interface BenchBot extends BenchSandboxes {
  bot: RunningCdnops;
}

/** `config` adds to (or replaces) top-level keys of the bot's config, e.g. `check:`. */
export async function startBenchBot(
  options: Parameters<typeof startBenchSandboxes>[0],
  config: Record<string, unknown> = {},
): Promise<BenchBot> {
  const sandboxes = await startBenchSandboxes(options);
  const env = Env.parse({
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: sandboxes.slack.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  // Production logs to stderr; the bench keeps its table readable and drops them.
  const logger = createLogger({ level: 'warn', secrets: [], write: () => {} });
  const bot = await startCdnops({
    config: Config.parse({ ...sandboxes.config, ...config }),
    env,
    clock: systemClock,
    logger,
  });
  return {
    ...sandboxes,
    bot,
    async close() {
      await bot.stop();
      await sandboxes.close();
    },
  };
}
