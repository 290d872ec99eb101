import { buttonClickBody, type SlackStandin, type StandinMessage } from '../../sandbox/slack/index.ts';

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
  return buttonClickBody({ standin: slack, message, which: actionId, userId });
}
