import type { Caller, Guardrails } from '../auth/compile-guardrails.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Messenger, Respond } from '../messaging/message.ts';
import type { OpenModal } from '../messaging/modal-view.ts';
import type { Progress } from '../messaging/progress.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import type { CdnProvider } from '../providers/types.ts';
import type { Store } from '../store/store.ts';

/**
 * What every command and feature may lean on, built once at start-up and passed in, never imported, so tests can
 * swap any of it. A feature that needs more (the purge follower, the digest settings) names it in its own
 * signature; `commands/app-services.ts` puts the whole set together.
 */
export interface Services {
  timezone: string;
  /** Which actions need a second person, who may approve, and how long a request waits. */
  approvals: { actions: readonly string[]; approvers: readonly string[] | undefined; expiresAfterMs: number };
  providers: ReadonlyMap<string, CdnProvider>;
  inventory: DomainInventory;
  guardrails: Guardrails;
  store: Store;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
}

/** Who is asking, where, and how to answer: what one invocation adds to the services. */
export interface Asking {
  caller: Caller;
  /** The command as typed after `/cdn`, for the audit log. */
  commandText: string;
  respond: Respond;
  /** The invocation's response_url, when it came from Slack: a fallback for posting in channels the bot is not in. */
  responseUrl: string | undefined;
  /** Opens a modal for the caller; present only for Slack invocations, whose trigger id is good for 3 seconds. */
  openModal: OpenModal | undefined;
  /**
   * Set when the command runs from the command line: nobody there can click a button, and nothing it starts is kept
   * after it exits (a confirmation or an approval request would wait for ever).
   */
  terminal?: boolean | undefined;
  /**
   * Shows how far a long answer has got (stats all over hundreds of domains), where the transport can; the reply the
   * handler returns (or its error) then takes the note's place. Absent where nothing would show it.
   */
  progress?: Progress | undefined;
}

/** What a handler receives besides its arguments: the services it was built with plus who is asking. */
export type ContextOf<S extends Services> = S & Asking;
export type CommandContext = ContextOf<Services>;
