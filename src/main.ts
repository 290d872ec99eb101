/**
 * `npm start`: read the environment and config file, stop with one line per problem if anything is wrong, else
 * run the bot until SIGINT/SIGTERM.
 */
import { startCdnops } from './app/start-cdnops.ts';
import { systemClock } from './clock.ts';
import { loadSettings } from './config/load-config.ts';
import { createLogger } from './logger.ts';
import { proxySecrets, proxySettings } from './util/egress.ts';

const settings = loadSettings({ env: process.env });
if (!settings.ok) {
  process.stderr.write(
    `cdnops cannot start:\n${settings.problems.map((problem) => `  ${problem}`).join('\n')}\n`,
  );
  process.exit(1);
}
const logger = createLogger({
  level: settings.env.LOG_LEVEL,
  secrets: [...settings.secrets, ...proxySecrets(proxySettings(settings.env))],
});
const started = startCdnops({
  config: settings.config,
  env: settings.env,
  clock: systemClock,
  logger,
});
// Handlers go in before start-up finishes (signals are only handled once this synchronous code yields): a SIGTERM
// that arrives while or just after the bot starts must still stop it cleanly, not kill it with the default action.
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  started
    .then((running) => running.stop())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('could not stop cleanly', { error });
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
try {
  await started;
} catch (error) {
  logger.error('cdnops could not start', { error });
  process.stderr.write(`cdnops could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
