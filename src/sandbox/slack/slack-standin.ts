/**
 * The contract of the local Slack stand-in: a loopback HTTP server that answers the Web API methods cdnops uses,
 * serves `response_url`s, and signs requests into the bot the way Slack does. Tests and `npm run demo` both
 * drive the bot against it, so nothing leaves 127.0.0.1.
 */
import type { SlashCommandInput } from './send-to-app.ts';

export interface SlackStandinOptions {
  /** The only token the Web API accepts, as `Authorization: Bearer <token>` or a `token` form field. */
  botToken: string;
  /** User groups for `usergroups.users.list`: `S...` id → member `U...` ids. */
  usergroups?: Record<string, string[]>;
  /** Milliseconds since the epoch; stamps `RecordedCall.at` and message `ts`. Defaults to `Date.now`. */
  now?: () => number;
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
  call: RecordedCall;
}

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
   * Sends `/cdn ...` into the bot as Slack would: allocates a `response_url` tied to the channel and user, signs
   * the body with `signingSecret` and posts it to `appUrl`.
   */
  sendCommand(
    appUrl: string,
    signingSecret: string,
    input: Omit<SlashCommandInput, 'responseUrl'>,
  ): Promise<{ status: number; body: string; ms: number; responseKey: string }>;
  /** Stops the server and rejects pending `waitFor`s. Safe to call twice. */
  close(): Promise<void>;
}
