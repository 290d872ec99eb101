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

/** Posts and edits long-lived messages (task results, approval cards, digests). */
export interface Messenger {
  post(
    channel: string,
    message: Message,
    options?: { threadTs?: string; responseUrl?: string },
  ): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
  /**
   * Replaces the message a response_url belongs to, as the person it answered sees it (e.g. the confirm preview
   * only the requester sees).
   */
  replace(responseUrl: string, message: Message): Promise<void>;
}
