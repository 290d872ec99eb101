/**
 * The baseline as a process of its own, compiled to plain JavaScript by bench/compile-baseline.ts and configured by
 * the same environment variables as `npm start`. Prints `bare bolt ready on port <port>` once it listens.
 */
import { startBareBoltApp } from './start-bare-bolt-app.ts';

const app = await startBareBoltApp({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  slackApiUrl: process.env.SLACK_API_URL ?? '',
  port: Number(process.env.PORT ?? 0),
});
process.stdout.write(`bare bolt ready on port ${new URL(app.appUrl).port}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
