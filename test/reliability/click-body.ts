import { interactionBody, type SlackStandin, type StandinMessage } from '../../src/sandbox/slack/index.ts';

/**
 * The block_actions body Slack sends when `userId` clicks `actionId` on `message`, built once so a test can send it
 * again as a retry or replay would. Each call gets its own response_url, as each real click does.
 */
export function clickBody(
  slack: SlackStandin,
  message: StandinMessage,
  actionId: string,
  userId: string,
): string {
  const blocks = message.blocks as { block_id?: string; elements?: Record<string, unknown>[] }[];
  const block = blocks.find((candidate) =>
    (candidate.elements ?? []).some((element) => element.action_id === actionId),
  );
  const button = block?.elements?.find((element) => element.action_id === actionId);
  if (!block || !button)
    throw new Error(`no button ${actionId} on the message: ${JSON.stringify(message.blocks)}`);
  return interactionBody({
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: '1000000002.1.clicktrigger',
    channel: { id: message.channel, name: 'ops' },
    message: { ts: message.ts, text: '', blocks: message.blocks },
    response_url: slack.responseUrl(undefined, {
      channel: message.channel,
      user: userId,
      messageTs: message.ts,
    }),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: block.block_id ?? 'block',
        value: button.value,
        text: button.text,
        action_ts: '1000000002.000001',
      },
    ],
  });
}
