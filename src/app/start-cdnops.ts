/**
 * The composition root: settings in, a running bot out. `npm start`, the demo and the end-to-end tests all start
 * cdnops through here; only the clock, logger and store differ.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Dispatcher } from 'undici';
import { type AlertEvaluator, createAlertEvaluator } from '../alerts/alert-evaluator.ts';
import { type ChangeSweeper, createChangeSweeper } from '../changes/change-sweeper.ts';
import { type Clock, type Every, realEvery } from '../clock.ts';
import type { AppServices } from '../commands/app-services.ts';
import type { Env } from '../config/env.ts';
import type { Config } from '../config/schema.ts';
import { createDigestScheduler, type DigestScheduler } from '../digests/digest-scheduler.ts';
import { createStoreHousekeeper, type StoreHousekeeper } from '../housekeeping/store-housekeeper.ts';
import type { Logger } from '../logger.ts';
import type { Messenger } from '../messaging/message.ts';
import { createResponseUrlPoster } from '../messaging/response-url.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { createSlackApp } from '../slack/create-slack-app.ts';
import { createSlackMessenger } from '../slack/create-slack-messenger.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { egressDispatcher, proxySettings } from '../util/egress.ts';
import { settleWithin } from '../util/settle-within.ts';
import { createWorkTracker } from '../util/work-tracker.ts';
import { buildServices, slackGroupMembers } from './build-services.ts';
import { instrumentStore } from './instrument-store.ts';

export interface RunningCdnops {
  /** HTTP mode: the port bound. */
  port: number | undefined;
  /** Where /healthz, /readyz and /metrics are served (the HTTP port by default in HTTP mode); undefined: off. */
  healthPort: number | undefined;
  /** What /metrics exposes. */
  metrics: Metrics;
  services: AppServices;
  /** Waits until every command started so far has answered. */
  drain(): Promise<void>;
  sweeper: ChangeSweeper;
  /** Scheduled digests: `tick(now)` posts the runs due by then (tests drive it with a manual clock). */
  digests: DigestScheduler;
  /** Prunes old coordination rows (and audit entries, if configured) hourly; `sweep()` prunes now. */
  housekeeper: StoreHousekeeper;
  /** Watch rules: `tick(now)` evaluates the interval `now` falls in (tests drive it with a manual clock). */
  alerts: AlertEvaluator;
  stop(): Promise<void>;
}

export async function startCdnops(input: {
  config: Config;
  env: Env;
  clock: Clock;
  logger: Logger;
  store?: Store;
  /** How provider API calls travel; absent: through the egress proxy the environment names, if any. */
  dispatcher?: Dispatcher;
  /**
   * How Slack calls (Web API, Socket Mode, response_urls) travel (a test's agent); absent: through the egress proxy
   * the environment names, if any, else undici's global dispatcher.
   */
  slackDispatcher?: Dispatcher;
  /** A registry for /metrics; absent: a new one with process metrics. */
  metrics?: Metrics;
  /** Where the probes listen, overriding HEALTH_PORT: `same` (beside /slack/events), a port (0: any free), `off`. */
  probes?: 'same' | 'off' | number;
  random?: () => number;
  /** Periodic work (expiring change requests, due digests); tests pass one that never fires by itself. */
  every?: Every;
}): Promise<RunningCdnops> {
  const { config, env, clock, logger } = input;
  const metrics = input.metrics ?? createMetrics();
  const store = instrumentStore(input.store ?? (await openStore(config.store, { logger })), metrics);
  const work = createWorkTracker();
  // Provider APIs, log links and Slack go out through the proxy when one is set; /cdn check never does (README).
  const proxy = proxySettings(env);
  const dispatcher = input.dispatcher ?? egressDispatcher(proxy);
  const slackDispatcher = input.slackDispatcher ?? egressDispatcher(proxy);

  // The messenger needs the app's Web API client and the app needs the services: tie the knot through a holder.
  let messenger: Messenger | undefined;
  const lateMessenger: Messenger = {
    post: (...args) => messenger!.post(...args),
    update: (...args) => messenger!.update(...args),
    editOnce: (...args) => messenger!.editOnce(...args),
    postOnce: (...args) => messenger!.postOnce(...args),
    replace: (...args) => messenger!.replace(...args),
  };
  let groupLookup: ((groupId: string) => Promise<readonly string[]>) | undefined;
  const services = buildServices({
    config,
    store,
    messenger: lateMessenger,
    groupMembers: (groupId) => groupLookup!(groupId),
    clock,
    logger,
    dispatcher,
    metrics,
    random: input.random,
    every: input.every,
  });
  const postToResponseUrl = createResponseUrlPoster(slackDispatcher);
  const slack = createSlackApp({
    env,
    services,
    logger,
    work,
    postToResponseUrl,
    metrics,
    slackDispatcher,
    probes: input.probes,
  });
  messenger = createSlackMessenger(slack.app.client, postToResponseUrl, logger, slack.fetch);
  groupLookup = slackGroupMembers(slack.app.client);

  const sweeper = createChangeSweeper(services, input.every ?? realEvery);
  const digests = createDigestScheduler({
    services,
    every: input.every ?? realEvery,
    // Names the process on the digest runs it claims; several replicas share one store.
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.leaseTtl,
  });
  const housekeeper = createStoreHousekeeper({
    store,
    clock,
    logger,
    every: input.every ?? realEvery,
    retention: config.retention,
  });
  const alerts = createAlertEvaluator({
    services,
    every: input.every ?? realEvery,
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}:alerts`,
    leaseMs: config.leaseTtl,
  });
  const { port, healthPort } = await slack.start();
  services.follower.start();
  // Requests that expired while the bot was down get their cards updated now.
  await sweeper.start();
  // A digest missed while the bot was down is posted now, if it is within digestGrace.
  await digests.start();
  housekeeper.start();
  alerts.start();
  logger.info('cdnops started', {
    mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
    port,
    healthPort,
    // Whether, not where: a proxy URL may carry a password.
    egressProxy: dispatcher !== undefined && input.dispatcher === undefined,
    accounts: Object.keys(config.providers),
    channels: Object.keys(config.channels).length,
  });

  return {
    port,
    healthPort,
    metrics,
    services,
    drain: () => work.drain(),
    sweeper,
    digests,
    housekeeper,
    alerts,
    async stop() {
      // No new commands or clicks; then what is running gets until the deadline to finish, and what has not
      // finished by then is handed back through the store (leases and claims released) for another replica.
      const deadline = Date.now() + config.shutdownGrace;
      const remaining = () => Math.max(0, deadline - Date.now());
      await slack.stop();
      await settleWithin(work.drain(), remaining());
      await sweeper.stop();
      await digests.stop({ waitMs: remaining() });
      await alerts.stop({ waitMs: remaining() });
      await services.follower.stop({ waitMs: remaining() });
      await housekeeper.stop();
      await store.close();
      // The proxy dispatchers made here (a caller's own are the caller's to close).
      await Promise.all(
        [input.dispatcher ? undefined : dispatcher, input.slackDispatcher ? undefined : slackDispatcher].map(
          (made) => made?.close().catch(() => undefined),
        ),
      );
    },
  };
}
