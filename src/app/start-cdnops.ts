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
import type { Logger } from '../logger.ts';
import type { Messenger } from '../messaging/message.ts';
import { createResponseUrlPoster } from '../messaging/response-url.ts';
import { createSlackApp } from '../slack/create-slack-app.ts';
import { createSlackMessenger } from '../slack/create-slack-messenger.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { settleWithin } from '../util/settle-within.ts';
import { createWorkTracker } from '../util/work-tracker.ts';
import { buildServices, slackGroupMembers } from './build-services.ts';

export interface RunningCdnops {
  /** HTTP mode: the port bound. */
  port: number | undefined;
  services: AppServices;
  /** Waits until every command started so far has answered. */
  drain(): Promise<void>;
  sweeper: ChangeSweeper;
  /** Scheduled digests: `tick(now)` posts the runs due by then (tests drive it with a manual clock). */
  digests: DigestScheduler;
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
  /** How provider API calls travel. */
  dispatcher?: Dispatcher;
  /** How answers to Slack's response_urls travel (a proxy, or a test's agent); undici's global one when absent. */
  slackDispatcher?: Dispatcher;
  random?: () => number;
  /** Periodic work (expiring change requests, due digests); tests pass one that never fires by itself. */
  every?: Every;
}): Promise<RunningCdnops> {
  const { config, env, clock, logger } = input;
  const store = input.store ?? (await openStore(config.store, { logger }));
  const work = createWorkTracker();

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
    dispatcher: input.dispatcher,
    random: input.random,
    every: input.every,
  });
  const postToResponseUrl = createResponseUrlPoster(input.slackDispatcher);
  const slack = createSlackApp({ env, services, logger, work, postToResponseUrl });
  messenger = createSlackMessenger(slack.app.client, postToResponseUrl, logger);
  groupLookup = slackGroupMembers(slack.app.client);

  const sweeper = createChangeSweeper(services, input.every ?? realEvery);
  const digests = createDigestScheduler({
    services,
    every: input.every ?? realEvery,
    // Names the process on the digest runs it claims; several replicas share one store.
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.leaseTtl,
  });
  const alerts = createAlertEvaluator({
    services,
    every: input.every ?? realEvery,
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}:alerts`,
    leaseMs: config.leaseTtl,
  });
  const { port } = await slack.start();
  services.follower.start();
  // Requests that expired while the bot was down get their cards updated now.
  await sweeper.start();
  // A digest missed while the bot was down is posted now, if it is within digestGrace.
  await digests.start();
  alerts.start();
  logger.info('cdnops started', {
    mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
    port,
    accounts: Object.keys(config.providers),
    channels: Object.keys(config.channels).length,
  });

  return {
    port,
    services,
    drain: () => work.drain(),
    sweeper,
    digests,
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
      await store.close();
    },
  };
}
