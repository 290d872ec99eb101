/**
 * The Slack side: a Bolt app in Socket Mode (SLACK_APP_TOKEN set) or HTTP mode (commands and interactions at
 * POST /slack/events, health at GET /healthz: 200 while the store answers, 503 while it does not). `/cdn` is
 * acknowledged before anything else happens; the work runs after the acknowledgement and answers through
 * response_url or chat.postMessage.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import { systemClock } from '../clock.ts';
import type { AppServices } from '../commands/app-services.ts';
import type { Env } from '../config/env.ts';
import { runCommand } from '../dispatch/run-command.ts';
import type { Logger } from '../logger.ts';
import type { PostToResponseUrl } from '../messaging/response-url.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { createAckGate } from './ack-gate.ts';
import { registerAppHome } from './app-home.ts';
import { boltLogger } from './bolt-logger.ts';
import { ignoreRepeatedDeliveries, runOnce } from './ignore-repeated-deliveries.ts';
import { registerPurgeModal } from './purge-modal.ts';
import { refuseDistantTimestamps } from './refuse-distant-timestamps.ts';
import { registerChangeActions } from './register-change-actions.ts';
import { registerResultButtons } from './register-result-buttons.ts';
import { slackRespond } from './slack-respond.ts';
import { registerStatsModal } from './stats-modal.ts';
import { createStoreHealth } from './store-health.ts';

export interface SlackApp {
  app: App;
  /** Starts listening; in HTTP mode resolves with the port actually bound (PORT=0 picks a free one). */
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

export function createSlackApp(input: {
  env: Env;
  services: AppServices;
  logger: Logger;
  work: WorkTracker;
  postToResponseUrl: PostToResponseUrl;
}): SlackApp {
  const { env, services, logger, work } = input;
  const socketMode = env.SLACK_APP_TOKEN !== undefined;
  const storeHealth = createStoreHealth(services.store, logger);
  const boltLog = boltLogger(logger, env.LOG_LEVEL);
  // HTTP mode: Bolt's own receiver (signature and staleness checked as Bolt does), built here so that a request
  // stamped too far from now either way is refused before Bolt reads it (Bolt lets future stamps through).
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        logger: boltLog,
        customRoutes: [
          {
            path: '/healthz',
            method: ['GET'],
            handler: (_request, response) => {
              void storeHealth()
                .then((ok) => {
                  response.writeHead(ok ? 200 : 503, {
                    'content-type': 'application/json',
                    'cache-control': 'no-store',
                  });
                  response.end(
                    JSON.stringify(ok ? { ok: true, store: 'ok' } : { ok: false, store: 'unavailable' }),
                  );
                })
                .catch((error: unknown) => logger.warn('could not answer a health check', { error }));
            },
          },
        ],
      });
  if (receiver) {
    receiver.requestListener = refuseDistantTimestamps(receiver.requestListener, {
      now: systemClock.now,
      logger,
    });
  }
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    logger: boltLog,
    ...(env.SLACK_API_URL ? { clientOptions: { slackApiUrl: env.SLACK_API_URL } } : {}),
    ...(receiver ? { receiver } : { socketMode: true, appToken: env.SLACK_APP_TOKEN }),
  });

  const ackGate = createAckGate();

  // First of all: a retried or replayed delivery must not run anything a second time.
  app.use(ignoreRepeatedDeliveries({ clock: services.clock, logger, deliveries: services.store.deliveries }));

  app.command('/cdn', async ({ ack, command, client, context }) => {
    await ack();
    const where = { channelId: command.channel_id, userId: command.user_id };
    const respond = slackRespond(input.postToResponseUrl, command.response_url, client, where, logger);
    work.track(
      ackGate.opened().then(() =>
        // Claimed in the store once the burst of acknowledgements is over, before anything runs.
        runOnce(context, { logger, refuse: respond }, () =>
          runCommand(
            {
              text: command.text,
              userId: command.user_id,
              channelId: command.channel_id,
              responseUrl: command.response_url,
              openModal: async (view) => {
                const opened = await client.views.open({ trigger_id: command.trigger_id, view });
                const viewId = opened.view?.id;
                return {
                  update: async (next) => {
                    if (!viewId) throw new Error('views.open answered without a view id');
                    await client.views.update({ view_id: viewId, view: next });
                  },
                };
              },
            },
            services,
            respond,
          ),
        ),
      ),
    );
  });

  registerChangeActions(app, services, work);
  registerStatsModal(app, services, work);
  registerPurgeModal(app, services, work);
  registerResultButtons(app, services, work);
  registerAppHome(app, services, work);

  app.error(async (error) => {
    logger.error('bolt reported an error', { error });
  });

  return {
    app,
    async start() {
      if (socketMode) {
        await app.start();
        return { port: undefined };
      }
      const server = (await app.start(env.PORT)) as Server;
      ackGate.watch(server);
      const address = server.address();
      return { port: typeof address === 'object' && address ? address.port : env.PORT };
    },
    stop: () => app.stop().then(() => undefined),
  };
}
