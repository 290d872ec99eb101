/**
 * The Slack side: a Bolt app in Socket Mode (SLACK_APP_TOKEN set) or HTTP mode (commands and interactions at
 * POST /slack/events). `/cdn` is acknowledged before anything else happens; the work runs after the acknowledgement
 * and answers through response_url or chat.postMessage. The probes (probes.ts) are served beside /slack/events in
 * HTTP mode when HEALTH_PORT is the HTTP port, else on a server of their own.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Dispatcher } from 'undici';
import { systemClock } from '../clock.ts';
import type { AppServices } from '../commands/app-services.ts';
import type { Env } from '../config/env.ts';
import { runCommand } from '../dispatch/run-command.ts';
import type { Logger } from '../logger.ts';
import type { PostToResponseUrl } from '../messaging/response-url.ts';
import { responseUrlProgress } from '../messaging/response-url-progress.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { createAckGate } from './ack-gate.ts';
import { registerAppHome } from './app-home.ts';
import { boltLogger } from './bolt-logger.ts';
import { ignoreRepeatedDeliveries, runOnce } from './ignore-repeated-deliveries.ts';
import { observeDeliveries } from './observe-deliveries.ts';
import { createProbes, startProbeServer } from './probes.ts';
import { registerPurgeModal } from './purge-modal.ts';
import { refuseDistantTimestamps } from './refuse-distant-timestamps.ts';
import { registerChangeActions } from './register-change-actions.ts';
import { registerResultButtons } from './register-result-buttons.ts';
import { slackFetch } from './slack-fetch.ts';
import { slackRespond } from './slack-respond.ts';
import { registerStatsModal } from './stats-modal.ts';
import { createStoreHealth } from './store-health.ts';

export interface SlackApp {
  app: App;
  /** How the app's Web API client calls Slack; any other Web API client cdnops makes must use it too. */
  fetch: NonNullable<webApi.WebClientOptions['fetch']>;
  /**
   * Starts listening; in HTTP mode resolves with the port actually bound (PORT=0 picks a free one), and with the
   * probes' port (the same in HTTP mode by default; undefined when they are off).
   */
  start(): Promise<{ port: number | undefined; healthPort: number | undefined }>;
  stop(): Promise<void>;
}

export function createSlackApp(input: {
  env: Env;
  services: AppServices;
  logger: Logger;
  work: WorkTracker;
  postToResponseUrl: PostToResponseUrl;
  metrics?: Metrics | undefined;
  /** How Web API calls and the Socket Mode connection travel (the egress proxy); undici's global one when absent. */
  slackDispatcher?: Dispatcher | undefined;
  /**
   * Where the probes listen: `same` (HTTP mode: beside /slack/events), a port (0: any free one), or `off`. Absent:
   * HEALTH_PORT, whose default is `same` in HTTP mode and 9090 in Socket Mode.
   */
  probes?: 'same' | 'off' | number | undefined;
}): SlackApp {
  const { env, services, logger, metrics } = input;
  const socketMode = env.SLACK_APP_TOKEN !== undefined;
  const storeHealth = createStoreHealth(services.store, logger);
  const boltLog = boltLogger(logger, env.LOG_LEVEL);
  const probesAt = input.probes ?? probePlace(env);
  let socketConnected = false;
  let httpServer: Server | undefined;
  const probes = createProbes({
    storeHealth,
    metrics,
    logger,
    slackReadiness: () => {
      if (socketMode) return socketConnected ? undefined : 'the Socket Mode connection to Slack is not open';
      return httpServer?.listening ? undefined : 'the HTTP server for Slack is not listening';
    },
  });
  const clientOptions = {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    fetch: slackFetch({ dispatcher: input.slackDispatcher, metrics }),
  };
  // HTTP mode: Bolt's own receiver (signature and staleness checked as Bolt does), built here so that a request
  // stamped too far from now either way is refused before Bolt reads it (Bolt lets future stamps through).
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        logger: boltLog,
        customRoutes: [
          // PRODUCT.md's /healthz stays on the HTTP port whatever HEALTH_PORT says.
          { path: '/healthz', method: ['GET'], handler: probes.healthz },
          ...(probesAt === 'same'
            ? [
                { path: '/readyz', method: ['GET'], handler: probes.readyz },
                { path: '/metrics', method: ['GET'], handler: probes.metrics },
              ]
            : []),
        ],
      });
  // Socket Mode: a receiver of our own, to see the connection come and go (readiness) and hand it the proxy.
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN ?? '',
        logger: boltLog,
        ...(input.slackDispatcher ? { dispatcher: input.slackDispatcher } : {}),
        installerOptions: { clientOptions },
      })
    : undefined;
  if (socketReceiver) {
    socketReceiver.client.on('connected', () => {
      socketConnected = true;
    });
    for (const down of ['close', 'disconnecting', 'disconnected', 'reconnecting']) {
      socketReceiver.client.on(down, () => {
        socketConnected = false;
      });
    }
  }
  if (receiver) {
    receiver.requestListener = refuseDistantTimestamps(receiver.requestListener, {
      now: systemClock.now,
      logger,
    });
  }
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    logger: boltLog,
    clientOptions,
    ...(receiver ? { receiver } : { socketMode: true, receiver: socketReceiver }),
  });

  const ackGate = createAckGate();
  // Every delivery gets a correlation id, a log line and its metrics; handlers track their work through this.
  const work = observeDeliveries(app, {
    logger,
    metrics,
    work: input.work,
    isCommand: (name) => services.registry.has(name),
  });

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
              progress: responseUrlProgress(input.postToResponseUrl, command.response_url, respond),
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

  let probeServer: Server | undefined;
  return {
    app,
    fetch: clientOptions.fetch,
    async start() {
      let port: number | undefined;
      if (socketMode) await app.start();
      else {
        httpServer = (await app.start(env.PORT)) as Server;
        ackGate.watch(httpServer);
        const address = httpServer.address();
        port = typeof address === 'object' && address ? address.port : env.PORT;
      }
      if (probesAt === 'off') return { port, healthPort: undefined };
      if (probesAt === 'same') return { port, healthPort: port };
      try {
        const started = await startProbeServer(probes, probesAt);
        probeServer = started.server;
        return { port, healthPort: started.port };
      } catch (error) {
        await app.stop().catch(() => undefined);
        throw new Error(
          `could not serve the probes on HEALTH_PORT ${probesAt}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    async stop() {
      await app.stop();
      socketConnected = false;
      if (probeServer) {
        const server = probeServer;
        probeServer = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** HEALTH_PORT read: unset means beside /slack/events in HTTP mode and 9090 in Socket Mode; 0 means off. */
function probePlace(env: Env): 'same' | 'off' | number {
  const port = env.HEALTH_PORT;
  if (port === 0) return 'off';
  if (env.SLACK_APP_TOKEN === undefined) return port === undefined || port === env.PORT ? 'same' : port;
  return port ?? DEFAULT_SOCKET_MODE_HEALTH_PORT;
}

/** Socket Mode opens no port for Slack, so the probes get one of their own: the usual exporter-style port. */
export const DEFAULT_SOCKET_MODE_HEALTH_PORT = 9090;
