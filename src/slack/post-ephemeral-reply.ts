import type { webApi } from '@slack/bolt';
import { slackBody } from '../messaging/fit-text.ts';
import type { Reply, Respond } from '../messaging/message.ts';

/**
 * Answers one person in a channel through the Web API: for interactions that carry no response_url (modal
 * submissions, clicks on the App Home).
 */
export function postEphemeralReply(client: webApi.WebClient, channelId: string, userId: string): Respond {
  return async (reply: Reply) => {
    await client.chat.postEphemeral({
      channel: channelId,
      user: userId,
      ...slackBody(reply),
    });
  };
}
