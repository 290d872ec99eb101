/**
 * The fetch the Web API client (and Socket Mode's `apps.connections.open`) uses: undici's, on the egress dispatcher
 * when a proxy is set, counting the calls Slack refused (`ok: false`, by method and Slack's error), answered with
 * an HTTP error, or that never got an answer.
 */
import type { webApi } from '@slack/bolt';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import type { Metrics } from '../observability/metrics.ts';

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;

export function slackFetch(deps: {
  dispatcher: Dispatcher | undefined;
  metrics: Metrics | undefined;
}): FetchFunction {
  const { dispatcher, metrics } = deps;
  return async (url, init) => {
    const method = methodOf(url);
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(url, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (error) {
      metrics?.slackApiErrors.inc({ method, error: 'network' });
      throw error;
    }
    if (metrics) {
      if (!response.ok) metrics.slackApiErrors.inc({ method, error: `http_${response.status}` });
      else if (response.headers.get('content-type')?.includes('json')) {
        // A copy of the body, read beside the client's own reading of it.
        void response
          .clone()
          .json()
          .then((body: unknown) => {
            const answer = body as { ok?: unknown; error?: unknown };
            if (answer.ok === false) {
              metrics.slackApiErrors.inc({
                method,
                error: typeof answer.error === 'string' ? answer.error : 'unknown',
              });
            }
          })
          .catch(() => undefined);
      }
    }
    return response as unknown as Awaited<ReturnType<FetchFunction>>;
  };
}

/** `chat.postMessage` from `https://slack.com/api/chat.postMessage`; the last path segment, whatever the base. */
function methodOf(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  const method = path.slice(path.lastIndexOf('/') + 1);
  return /^[a-zA-Z.]{1,60}$/.test(method) ? method : 'other';
}
