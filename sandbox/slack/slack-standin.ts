/**
 * The contract of the local Slack stand-in: a loopback HTTP server that answers the Web API methods cdnops uses,
 * serves `response_url`s, keeps the messages, modals and Home tabs a person would see, and signs requests into the
 * bot the way Slack does (commands, clicks and choices, modal submissions, type-ahead, Home visits). Tests,
 * `npm run demo` and its web playground all drive the bot against it, so nothing leaves 127.0.0.1.
 */
import type { SlashCommandInput } from './send-to-app.ts';

export interface SlackStandinOptions {
  /** The only token the Web API accepts, as `Authorization: Bearer <token>` or a `token` form field. */
  botToken: string;
  /** User groups for `usergroups.users.list`: `S...` id → member `U...` ids. */
  usergroups?: Record<string, string[]>;
  /** Milliseconds since the epoch; stamps `RecordedCall.at` and message `ts`. Defaults to `Date.now`. */
  now?: () => number;
  /**
   * Turns on Socket Mode: the app-level token (`xapp-…`) `apps.connections.open` accepts. Deliveries to
   * `socketModeAppUrl` then go over the app's WebSocket connections.
   */
  appToken?: string;
}

export interface RecordedCall {
  /** A Web API method name (`chat.postMessage`, `chat.update`, ...) or `response_url`. */
  method: string;
  /** The parsed body: form fields, with JSON-looking values (`blocks`, `attachments`, `view`) decoded. */
  body: Record<string, unknown>;
  /** `now()` when the call arrived. */
  at: number;
  /** For `response_url` posts: the key of the URL that was used. */
  responseKey?: string;
  /** The error the stand-in answered with (`invalid_auth`, `used_url`, a `failNext` error, ...), if any. */
  error?: string;
}

export interface StandinMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  ephemeral: boolean;
  /** For ephemerals: the only user who sees the message. */
  user?: string;
  /** How many times `chat.update` or a `replace_original` response changed it. */
  edits: number;
  /** Whether the message was created through a `response_url` (rather than `chat.postMessage`/`postEphemeral`). */
  viaResponseUrl: boolean;
}

/**
 * `posted` and `ephemeral` add a message, `updated` edits one in place, `deleted` removes one (`chat.delete`,
 * `delete_original`), and `call` is every other recorded call, including refused ones.
 */
export type StandinChangeKind = 'posted' | 'updated' | 'ephemeral' | 'deleted' | 'call';

export interface StandinChange {
  kind: StandinChangeKind;
  /** The live message object (later edits show through); copy what you need to compare over time. */
  message?: StandinMessage;
  /** For `views.open` / `push` / `update` / `publish` (kind `call`): the modal or Home tab it left showing. */
  view?: StandinView;
  call: RecordedCall;
}

/** `view.state.values` as Slack builds it from a form: block id → action id → the element's state. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A modal or App Home tab as Slack keeps it: the view the app last sent, under the id Slack gave it. */
export interface StandinView {
  id: string;
  /**
   * Who sees it: the user whose trigger id opened the modal, or whose Home it is. Undefined for a modal opened with a
   * trigger id this stand-in did not hand out (tests that forge one), which then belongs to nobody's stack.
   */
  user: string | undefined;
  /** The view as the app last sent it (`type`, `callback_id`, `private_metadata`, `title`, `blocks`, ...). */
  view: Record<string, unknown> & { type: string; blocks: unknown[] };
  /** Changes with every update, like Slack's `hash`. */
  hash: string;
  /**
   * What the inputs hold, as far as Slack has been told (submissions, actions): kept across updates for inputs whose
   * block id and action id stay the same, as Slack preserves what a person typed.
   */
  values: ViewStateValues;
  /** Field errors from the last submission answered with `response_action: errors`: block id → message. */
  errors: Record<string, string>;
}

/** Whom a trigger id belongs to: views opened or pushed with it show for that user. */
export interface TriggerOrigin {
  user: string;
  channel?: string;
}

/** Which element of a message or view an action is on: the block (by position or id) and the element's action id. */
export interface ElementRef {
  actionId: string;
  /** The block's position among the surface's blocks; with `blockId`, both must match. */
  blockIndex?: number;
  blockId?: string;
}

/** A Block Kit option as sent in `selected_option(s)`. */
export interface SlackOption {
  text: { type: string; text: string };
  value: string;
  description?: { type: string; text: string };
}

/** A click or a choice, as the person made it. */
export interface BlockActionInput {
  userId: string;
  /** A message in a channel, or a modal or Home tab by view id. */
  on: { message: StandinMessage } | { viewId: string };
  element: ElementRef;
  /** For menus, selects, radio buttons and checkboxes: the values chosen among the element's own options. */
  selected?: string[];
  /** For external selects, whose options come from the app: the options chosen, as the app offered them. */
  options?: SlackOption[];
  /** For a modal: what its inputs hold now, sent as `view.state.values`. */
  values?: ViewStateValues;
}

/** How Slack left a person's modals after a `view_submission`, from the app's HTTP answer. */
export type SubmissionOutcome =
  /** An empty answer: the submitted view closes (the one below, if any, shows again). */
  | { kind: 'closed' }
  /** `response_action: clear`: every modal of the stack closes. */
  | { kind: 'cleared' }
  /** `response_action: update` replaced the submitted view; `push` put a new one on top. */
  | { kind: 'updated' | 'pushed'; view: StandinView }
  /** `response_action: errors`: the view stays, with these messages under the fields (block id → message). */
  | { kind: 'errors'; errors: Record<string, string> }
  /**
   * Slack shows the person an error and leaves the view as it was: the app answered with a non-2xx status, a body that
   * is not a response action, or a view Slack would refuse; or the view was not open for this user.
   */
  | { kind: 'refused'; reason: string };

/** Where a `response_url` belongs, as Slack knows it from the command or interaction that carried it. */
export interface ResponseUrlOrigin {
  /** The channel replies go to. */
  channel?: string;
  /** The user who sees ephemeral replies. */
  user?: string;
  /**
   * For interactions on a message (a button on an approval card): the ts of that message, so
   * `replace_original` edits it.
   */
  messageTs?: string;
}

export interface SlackStandin {
  /** `http://127.0.0.1:<port>/api/`: pass as Bolt's `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /**
   * With `appToken`: pass as `appUrl` to any helper below and the delivery goes over Socket Mode (to one of the
   * app's connections) instead of a signed HTTP request; the signing secret is then unused.
   */
  socketModeAppUrl: string;
  /** The Socket Mode connections the app holds open. */
  socketConnections(): number;
  calls: RecordedCall[];
  /**
   * The channel as a user would see it: `chat.postMessage` adds, `chat.update` edits in place (`edits++`), a
   * `response_url` post with `replace_original` edits the message it belongs to, deletes remove.
   */
  messages: StandinMessage[];
  /**
   * A fresh `response_url` on this server (key `r1`, `r2`, ... unless given). Posts to it are recorded with
   * `responseKey`. Asking again for an existing key returns the same URL, with its use count intact.
   */
  responseUrl(key?: string, origin?: ResponseUrlOrigin): string;
  /** Called after every recorded call, once the change is visible in `calls` and `messages`. Returns unsubscribe. */
  onChange(listener: (event: StandinChange) => void): () => void;
  /**
   * Resolves once `predicate` holds, re-checking after each change (never by polling). Rejects after
   * `timeoutMs` (default 5000) with the recorded methods and messages, or when the stand-in closes.
   */
  waitFor(
    predicate: (calls: RecordedCall[], messages: StandinMessage[]) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<void>;
  /**
   * The next call to `method` (a Web API method or `response_url`) fails with `error`. `ratelimited` answers
   * HTTP 429 with `Retry-After: retryAfterSeconds` (default 1), which `@slack/web-api` retries unless
   * `rejectRateLimitedCalls` is set. Queued failures are used in order.
   */
  failNext(method: string, error: string, options?: { retryAfterSeconds?: number }): void;
  /**
   * Names a channel and a person of the workspace, so a slash command's `#name` and `@name` reach the app escaped as
   * Slack sends them for a command with `should_escape: true` (cdnops' manifest): `<#C…|name>`, `<@U…|name>`.
   */
  knowChannel(channelId: string, name: string): void;
  knowUser(userId: string, handle: string): void;
  /**
   * Sends `/cdn ...` into the bot as Slack would: allocates a `response_url` tied to the channel and user, signs
   * the body with `signingSecret` and posts it to `appUrl`.
   */
  sendCommand(
    appUrl: string,
    signingSecret: string,
    input: Omit<SlashCommandInput, 'responseUrl'>,
  ): Promise<{ status: number; body: string; ms: number; responseKey: string }>;
  /**
   * A `trigger_id` tied to `origin.user`: a modal the app opens or pushes with it shows for that user (see `modals`).
   * `sendCommand` and the interactions below hand out such ids themselves.
   */
  triggerId(origin: TriggerOrigin): string;
  /** The modals open for `userId`, bottom first: views.open starts the stack, views.push and `push` add to it. */
  modals(userId: string): StandinView[];
  /** The Home tab last published for `userId` (views.publish). */
  home(userId: string): StandinView | undefined;
  /**
   * Sends a `block_actions` payload for a click or choice on a message or view, signed as Slack does: with the
   * message's container and a fresh response_url tied to it, or the view with its state. Throws if the element is
   * not there.
   */
  sendAction(
    appUrl: string,
    signingSecret: string,
    input: BlockActionInput,
  ): Promise<{ status: number; body: string }>;
  /**
   * Submits the top modal of `userId` with `values` as `view_submission`, then applies the app's answer to the
   * modals as Slack does (`response_action` errors, update, push or clear; an empty answer closes the view).
   */
  submitView(
    appUrl: string,
    signingSecret: string,
    input: { userId: string; viewId: string; values: ViewStateValues },
  ): Promise<SubmissionOutcome>;
  /**
   * Closes `userId`'s top modal (`all`: the whole stack), as the close button and the X do. Views created with
   * `notify_on_close` send `view_closed` to the app.
   */
  closeView(
    appUrl: string,
    signingSecret: string,
    input: { userId: string; viewId: string; all?: boolean },
  ): Promise<void>;
  /**
   * Asks the app for an external select's options while `value` is typed (`block_suggestion`); resolves with the
   * app's answer (`options` or `option_groups`), or no options when it failed.
   */
  suggestOptions(
    appUrl: string,
    signingSecret: string,
    input: { userId: string; viewId: string; element: ElementRef; value: string },
  ): Promise<{ options?: SlackOption[]; option_groups?: { label: unknown; options: SlackOption[] }[] }>;
  /** Delivers `app_home_opened` (Events API, JSON) for `userId` opening the Home tab. */
  openHome(appUrl: string, signingSecret: string, userId: string): Promise<{ status: number }>;
  /** Stops the server and rejects pending `waitFor`s. Safe to call twice. */
  close(): Promise<void>;
}
