import type { Message } from '../messaging/message.ts';

/**
 * Posts to a Slack response_url. Slack accepts at most 5 posts per URL within 30 minutes; past that (or after
 * expiry) it answers non-2xx, which we surface so the caller can fall back to the Web API.
 */
export async function postToResponseUrl(
  responseUrl: string,
  message: Message & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean },
): Promise<void> {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}
