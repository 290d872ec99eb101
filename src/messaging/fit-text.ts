import type { Block, Message } from './message.ts';

/** Slack truncates a message's `text` past this many characters (chat.postMessage); cdnops cuts it itself, visibly. */
export const MAX_MESSAGE_TEXT_CHARS = 40_000;
/** Ends a text that was cut, so a reader knows there was more. */
export const TRUNCATED_MARKER = '…(truncated)';

/**
 * `text` within Slack's limit: unchanged when it fits, else cut (never inside a surrogate pair) and ended with
 * TRUNCATED_MARKER, `max` characters in all.
 */
export function fitText(text: string, max = MAX_MESSAGE_TEXT_CHARS): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - TRUNCATED_MARKER.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${TRUNCATED_MARKER}`;
}

/**
 * The `text` and `blocks` of a message as they leave cdnops: every post, update, replacement and reply is built by
 * this, so none can carry a fallback text longer than Slack takes.
 */
export function slackBody(message: Message): { text: string; blocks?: Block[] } {
  return { text: fitText(message.text), ...(message.blocks ? { blocks: message.blocks } : {}) };
}
