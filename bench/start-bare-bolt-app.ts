/**
 * The baseline: a Bolt app with nothing but a `/cdn` handler that acknowledges. Same Bolt version, HTTP receiver,
 * signing secret and Slack API URL as the bot, so what separates the two figures is what cdnops adds.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

export interface BareBoltApp {
  appUrl: string;
  stop(): Promise<void>;
}

export async function startBareBoltApp(options: {
  token: string;
  signingSecret: string;
  slackApiUrl: string;
  port?: number;
}): Promise<BareBoltApp> {
  const app = new App({
    token: options.token,
    signingSecret: options.signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: options.slackApiUrl },
  });
  app.command('/cdn', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(options.port ?? 0)) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    stop: () => app.stop().then(() => undefined),
  };
}
