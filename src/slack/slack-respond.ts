import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { slackBody } from '../messaging/fit-text.ts';
import type { Respond } from '../messaging/message.ts';
import type { PostToResponseUrl } from '../messaging/response-url.ts';

/**
 * Answers the person who ran a command through the command's response_url; if Slack refuses it (used five times,
 * or older than 30 minutes) the answer goes through the Web API instead, so it is never lost.
 */
export function slackRespond(
  postToResponseUrl: PostToResponseUrl,
  responseUrl: string,
  client: webApi.WebClient,
  where: { channelId: string; userId: string },
  logger: Logger,
): Respond {
  return async (reply) => {
    const visibility = reply.visibility ?? 'ephemeral';
    const body = slackBody(reply);
    try {
      await postToResponseUrl(responseUrl, { ...body, response_type: visibility });
    } catch (error) {
      logger.warn('response_url refused; falling back to the Web API', { channel: where.channelId, error });
      if (visibility === 'ephemeral') {
        await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, ...body });
      } else {
        await client.chat.postMessage({ channel: where.channelId, ...body });
      }
    }
  };
}
