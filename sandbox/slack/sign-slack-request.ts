import { createHmac } from 'node:crypto';

/**
 * The headers Slack sends with every request to an app: `x-slack-signature` is
 * `v0=<hex HMAC-SHA256(signingSecret, "v0:<timestamp>:<rawBody>")>` and `x-slack-request-timestamp` is the Unix
 * time in seconds. Bolt verifies both over the raw body and rejects timestamps more than 5 minutes old.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number,
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const timestamp = String(Math.floor(timestampSeconds));
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': timestamp };
}
