import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** A Slack message as cdnops builds it: `text` is the notification/fallback text, `blocks` what people see. */
export interface Message {
  text: string;
  blocks?: Block[] | undefined;
}

export type Visibility = 'ephemeral' | 'in_channel';

export interface Reply extends Message {
  /** Answers to one person (help, errors, lookups) are ephemeral; changes are posted for the channel. */
  visibility?: Visibility | undefined;
  /**
   * The same result as plain data, for `cdnops <command> --json`: only commands that declare a `json` shape set it
   * (see dispatch/define-command.ts). Slack never sees it.
   */
  data?: unknown;
}

/** Where a long-lived message lives, so it can be edited later, also by another process after a restart. */
export interface MessageRef {
  channel: string;
  ts: string | undefined;
  /** Set when the message had to go through the command's response_url (bot not in the channel). */
  responseUrl?: string | undefined;
}

/** Answers the person who ran the command. */
export type Respond = (reply: Reply) => Promise<void>;

/**
 * How one delivery attempt failed, as far as trying again goes:
 * - `transient`: Slack had a problem (internal_error, rate limited, 5xx, the network); the same attempt may work
 *   later, not before `retryAfterMs` when Slack said so.
 * - `uneditable`: the message cannot be edited (deleted, channel gone or archived, too old, response_url used up);
 *   on a post: the bot cannot post there. Trying the same again will not help.
 * - `refused`: Slack refused the content or the call itself (invalid blocks, too long); nothing will help.
 */
export type DeliveryFailure = 'transient' | 'uneditable' | 'refused';

/** A failed `editOnce` or `postOnce`, with Slack's error code (`internal_error`, `message_not_found`, ...). */
export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    readonly code: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`Slack did not take the message: ${code} (${failure})`, options);
    this.name = 'DeliveryError';
  }
}

/** Posts and edits long-lived messages (task results, approval cards, digests). */
export interface Messenger {
  post(
    channel: string,
    message: Message,
    options?: { threadTs?: string; responseUrl?: string },
  ): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
  /**
   * One attempt at editing the message `ref` names, with no retries or waits of its own (not even for a rate
   * limit): for callers that keep their retry state elsewhere, e.g. in the store. Rejects with a DeliveryError.
   */
  editOnce(ref: MessageRef, message: Message): Promise<void>;
  /** One attempt at posting a new message in `channel`, as `editOnce`; rejects with a DeliveryError. */
  postOnce(channel: string, message: Message): Promise<MessageRef>;
  /**
   * Replaces the message a response_url belongs to, as the person it answered sees it (e.g. the confirm preview
   * only the requester sees).
   */
  replace(responseUrl: string, message: Message): Promise<void>;
}
