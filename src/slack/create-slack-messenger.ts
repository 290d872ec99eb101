import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import type { Messenger } from '../messaging/message.ts';
import type { PostToResponseUrl } from '../messaging/response-url.ts';

/** Errors meaning "the bot cannot post in this channel", where the command's response_url still can. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * Long-lived messages through the Web API, so they can be edited for as long as needed. When the bot is not in a
 * private channel, the message goes through the command's response_url instead and is edited the same way.
 */
export function createSlackMessenger(
  client: webApi.WebClient,
  postToResponseUrl: PostToResponseUrl,
  logger: Logger,
): Messenger {
  return {
    async post(channel, message, options) {
      try {
        const result = await client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
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
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
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
            text: message.text,
            ...(message.blocks ? { blocks: message.blocks } : {}),
            unfurl_links: false,
            unfurl_media: false,
          });
        }
      }
    },
  };
}
