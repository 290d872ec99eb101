import type { RespondArguments } from '@slack/bolt';
import { request } from 'undici';

/** Slack answers a refused post with a short reason (`used_url`, `expired_url`, `invalid_blocks`...). */
const MAX_REASON_CHARS = 200;
const TIMEOUT_MS = 10_000;

/** What answering through a response_url needs: Bolt's `respond()` fits, and so does `responseUrlPoster`. */
export type PostToResponseUrl = (message: RespondArguments) => Promise<unknown>;

export class ResponseUrlRefusedError extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`response_url refused the answer: HTTP ${status} ${reason.slice(0, MAX_REASON_CHARS)}`.trim());
    this.name = 'ResponseUrlRefusedError';
  }
}

/**
 * Posts to a command's `response_url` as Bolt's `respond()` does, through undici's `request` rather than WHATWG
 * `fetch`: building fetch's Request and Response objects cost about 0.3 ms of CPU per answer, most of what a quick
 * command costs after its acknowledgement, and under a burst of commands that work competes with the acks of the
 * ones still arriving. Rejects on any non-2xx answer, as `respond()` does, so callers fall back to the Web API.
 */
export function responseUrlPoster(responseUrl: string): PostToResponseUrl {
  return async (message) => {
    const response = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const answer = await response.body.text();
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new ResponseUrlRefusedError(response.statusCode, answer);
    }
  };
}
