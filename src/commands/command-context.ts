import type { Caller, Guardrails } from '../auth/compile-guardrails.ts';
import type { CheckSettings } from '../check/check-settings.ts';
import type { Clock } from '../clock.ts';
import type { DigestSettings } from '../digests/digest-settings.ts';
import type { TaskFollower } from '../follow/task-follower.ts';
import type { Logger } from '../logger.ts';
import type { Messenger, Respond } from '../messaging/message.ts';
import type { OpenModal } from '../messaging/modal-view.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import type { CdnProvider } from '../providers/types.ts';
import type { Store } from '../store/store.ts';
import type { CommandRegistry } from './command-registry.ts';

/** Everything built once at start-up that commands use. Passed in, never imported, so tests can swap any of it. */
export interface Services {
  timezone: string;
  /** Which actions need a second person, who may approve, and how long a request waits. */
  approvals: { actions: readonly string[]; approvers: readonly string[] | undefined; expiresAfterMs: number };
  providers: ReadonlyMap<string, CdnProvider>;
  inventory: DomainInventory;
  guardrails: Guardrails;
  registry: CommandRegistry;
  follower: TaskFollower;
  /** How `/cdn check` and `purge --verify` ask the edges and the origin: edges per URL, timeouts, resolver, CAs. */
  check: CheckSettings;
  /** Digests from the config file, the grace for missed runs, and where digests may post. */
  digests: DigestSettings;
  store: Store;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
}

/** What a handler receives besides its arguments: the services plus who is asking, where, and how to answer. */
export interface CommandContext extends Services {
  caller: Caller;
  /** The command as typed after `/cdn`, for the audit log. */
  commandText: string;
  respond: Respond;
  /** The invocation's response_url, when it came from Slack: a fallback for posting in channels the bot is not in. */
  responseUrl: string | undefined;
  /** Opens a modal for the caller; present only for Slack invocations, whose trigger id is good for 3 seconds. */
  openModal: OpenModal | undefined;
}
