import type { webApi } from '@slack/bolt';
import type { Dispatcher } from 'undici';
import { watchSettings } from '../alerts/watch-definition.ts';
import { cachedGroupMembers } from '../auth/cached-group-members.ts';
import { compileGuardrails, type GroupMembers } from '../auth/compile-guardrails.ts';
import { createTaskFollower } from '../cache-ops/task-follower.ts';
import { verifyAfterFinish } from '../cache-ops/verify-submission.ts';
import { checkSettings } from '../check/check-settings.ts';
import { type Clock, type Every, realEvery } from '../clock.ts';
import type { AppServices } from '../commands/app-services.ts';
import { COMMANDS } from '../commands/index.ts';
import type { Config } from '../config/schema.ts';
import { digestSettings } from '../digests/digest-settings.ts';
import { createCommandRegistry } from '../dispatch/command-registry.ts';
import type { Logger } from '../logger.ts';
import type { Messenger } from '../messaging/message.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createDomainInventory } from '../providers/domain-inventory.ts';
import { createProviders } from '../providers/registry.ts';
import type { Store } from '../store/store.ts';

/**
 * Builds everything commands use from the validated config. The one place these pieces meet.
 * @throws Error naming `check.caFile` when that file cannot be read.
 */
export function buildServices(input: {
  config: Config;
  store: Store;
  messenger: Messenger;
  groupMembers: GroupMembers;
  clock: Clock;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  /** Provider calls are counted and timed here; absent (the command line): not recorded. */
  metrics?: Metrics | undefined;
  random?: (() => number) | undefined;
  /** Periodic wake-ups for background work; defaults to real time. */
  every?: Every | undefined;
}): AppServices {
  const { config, store, messenger, clock, logger } = input;
  const providers = createProviders(config.providers, {
    clock,
    logger,
    budgets: store.budgets,
    dispatcher: input.dispatcher,
    metrics: input.metrics,
    random: input.random,
  });
  const guardrails = compileGuardrails(
    {
      channels: config.channels,
      users: config.users,
      defaultRole: config.defaultRole,
      accounts: Object.keys(config.providers),
    },
    cachedGroupMembers(input.groupMembers, clock),
  );
  const check = checkSettings(config.check);
  return {
    timezone: config.timezone,
    approvals: {
      actions: config.approvals.actions,
      approvers: config.approvals.approvers,
      expiresAfterMs: config.approvals.expiresAfter,
    },
    providers,
    inventory: createDomainInventory({ providers, clock, ttlMs: config.inventoryTtl }),
    guardrails,
    registry: createCommandRegistry(COMMANDS),
    follower: createTaskFollower({
      store,
      providers,
      messenger,
      clock,
      logger,
      timing: {
        pollInitialMs: config.follow.pollInitial,
        pollMaxMs: config.follow.pollMax,
        giveUpAfterMs: config.follow.giveUpAfter,
        leaseMs: config.leaseTtl,
      },
      every: input.every ?? realEvery,
      afterFinish: verifyAfterFinish({ providers, messenger, settings: check, logger }),
    }),
    check,
    digests: digestSettings(config),
    watches: watchSettings(config),
    store,
    messenger,
    clock,
    logger,
  };
}

/** User-group members from Slack (usergroups.users.list needs the usergroups:read scope). */
export function slackGroupMembers(client: webApi.WebClient): GroupMembers {
  return async (groupId) => (await client.usergroups.users.list({ usergroup: groupId })).users ?? [];
}
