import { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { slackBody } from '../messaging/fit-text.ts';
import { DeliveryError, type Message, type MessageRef, type Messenger } from '../messaging/message.ts';
import { type PostToResponseUrl, ResponseUrlRefusedError } from '../messaging/response-url.ts';
import { boltLogger } from './bolt-logger.ts';

/** Errors meaning "the bot cannot post in this channel", where the command's response_url still can. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Errors meaning this message can never be edited (or, on a post, the bot may not post there). */
const UNEDITABLE = new Set([
  'message_not_found',
  'channel_not_found',
  'is_archived',
  'cant_update_message',
  'edit_window_closed',
  'not_in_channel',
  'restricted_action',
]);

/** Errors about the content or the call itself: sending the same again can never work. */
const REFUSED = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
]);

/** How long one delivery attempt may take: the caller holds a lease meanwhile. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * What a failed single attempt means for trying again. Every error not known to be permanent (internal_error,
 * fatal_error, ratelimited, HTTP 5xx, the network, even auth errors an operator may fix) counts as transient: the
 * caller bounds how long it keeps trying.
 */
export function deliveryErrorOf(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError('transient', 'ratelimited', error.retryAfter * 1000, { cause: error });
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    const retryAfter = error.data.response_metadata?.retryAfter;
    if (UNEDITABLE.has(code)) return new DeliveryError('uneditable', code, undefined, { cause: error });
    if (REFUSED.has(code)) return new DeliveryError('refused', code, undefined, { cause: error });
    return new DeliveryError(
      'transient',
      code,
      typeof retryAfter === 'number' ? retryAfter * 1000 : undefined,
      { cause: error },
    );
  }
  if (error instanceof ResponseUrlRefusedError) {
    // A response_url answers 404 once used up or expired: the message behind it cannot be edited any more.
    if (error.status === 404 || error.status === 410) {
      return new DeliveryError('uneditable', `response_url_${error.status}`, undefined, { cause: error });
    }
    if (error.status === 429 || error.status >= 500) {
      return new DeliveryError('transient', `response_url_${error.status}`, undefined, { cause: error });
    }
    return new DeliveryError('refused', `response_url_${error.status}`, undefined, { cause: error });
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError('transient', `http_${error.statusCode}`, undefined, { cause: error });
  }
  return new DeliveryError('transient', 'request_failed', undefined, { cause: error });
}

/**
 * Long-lived messages through the Web API, so they can be edited for as long as needed. When the bot is not in a
 * private channel, the message goes through the command's response_url instead and is edited the same way.
 */
export function createSlackMessenger(
  client: webApi.WebClient,
  postToResponseUrl: PostToResponseUrl,
  logger: Logger,
  /** The app client's fetch (egress proxy, error counts): the single-attempt client below must travel the same way. */
  fetch?: webApi.WebClientOptions['fetch'],
): Messenger {
  // Single attempts go through a client of their own that neither retries nor waits out a rate limit (the shared
  // client would sleep through Retry-After, pausing every other call): the caller keeps the retry state and
  // schedules the next attempt, honouring Retry-After, where every replica can see it.
  const once = new webApi.WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    logger: boltLogger(logger, 'info'),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: DELIVERY_TIMEOUT_MS,
    ...(fetch ? { fetch } : {}),
  });
  const postOnce = async (channel: string, message: Message): Promise<MessageRef> => {
    try {
      const result = await once.chat.postMessage({
        channel,
        ...slackBody(message),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: result.channel ?? channel, ts: result.ts };
    } catch (error) {
      throw deliveryErrorOf(error);
    }
  };
  return {
    postOnce,
    async editOnce(ref, message) {
      try {
        if (ref.ts) {
          await once.chat.update({
            channel: ref.channel,
            ts: ref.ts,
            ...slackBody(message),
          });
        } else if (ref.responseUrl) {
          await postToResponseUrl(ref.responseUrl, {
            ...slackBody(message),
            replace_original: true,
            response_type: 'in_channel',
          });
        }
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
    async post(channel, message, options) {
      try {
        const result = await client.chat.postMessage({
          channel,
          ...slackBody(message),
          ...(options?.threadTs ? { thread_ts: options.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { channel: result.channel ?? channel, ts: result.ts };
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (!options?.responseUrl || !code || !NOT_POSTABLE.has(code)) throw error;
        logger.info('bot cannot post in channel; answering through response_url', { channel, code });
        await postToResponseUrl(options.responseUrl, { ...message, response_type: 'in_channel' });
        return { channel, ts: undefined, responseUrl: options.responseUrl };
      }
    },
    replace: (responseUrl, message) => postToResponseUrl(responseUrl, { ...message, replace_original: true }),
    async update(ref, message) {
      if (ref.ts) {
        await client.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          ...slackBody(message),
        });
        return;
      }
      if (ref.responseUrl) {
        try {
          await postToResponseUrl(ref.responseUrl, {
            ...message,
            replace_original: true,
            response_type: 'in_channel',
          });
        } catch (error) {
          // A response_url lasts 30 minutes and 5 posts; a purge followed for longer outlives it. The old message
          // cannot be edited any more, so the new state goes out as a message of its own rather than being lost
          // (it fails again only if the bot still may not post in the channel).
          logger.warn('response_url refused; posting the update as a new message', {
            channel: ref.channel,
            error,
          });
          await client.chat.postMessage({
            channel: ref.channel,
            ...slackBody(message),
            unfurl_links: false,
            unfurl_media: false,
          });
        }
      }
    },
  };
}
