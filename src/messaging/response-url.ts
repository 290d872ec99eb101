import { type Dispatcher, request } from 'undici';
import { fitText } from './fit-text.ts';
import type { Message, Visibility } from './message.ts';

/** Slack answers a refused post with a short reason (`used_url`, `expired_url`, `invalid_blocks`...). */
const MAX_REASON_CHARS = 200;
const TIMEOUT_MS = 10_000;

/** One answer through a response_url: a message plus where it shows and whether it replaces the original. */
export type ResponseUrlAnswer = Message & { response_type?: Visibility; replace_original?: boolean };

/** Posts an answer to a response_url; rejects with `ResponseUrlRefusedError` when Slack does not take it. */
export type PostToResponseUrl = (responseUrl: string, answer: ResponseUrlAnswer) => Promise<void>;

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
 * Posts to a Slack response_url as Bolt's `respond()` does, through undici's `request` on the given dispatcher (a
 * proxy, or a test's agent; undici's global one when absent) rather than WHATWG `fetch`: building fetch's Request
 * and Response objects cost about 0.3 ms of CPU per answer, most of what a quick command costs after its
 * acknowledgement, and under a burst of commands that work competes with the acks of the ones still arriving.
 * Slack takes at most 5 posts per URL within 30 minutes; past that, or on any non-2xx answer, the post rejects so
 * callers can fall back to the Web API.
 */
export function createResponseUrlPoster(dispatcher?: Dispatcher): PostToResponseUrl {
  return async (responseUrl, answer) => {
    const response = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...answer, text: fitText(answer.text) }),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      ...(dispatcher ? { dispatcher } : {}),
    });
    const reason = await response.body.text();
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new ResponseUrlRefusedError(response.statusCode, reason);
    }
  };
}
