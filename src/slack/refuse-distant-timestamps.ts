/**
 * Slack stamps every request (`X-Slack-Request-Timestamp`, seconds) and signs the stamp with the body. Bolt's verifier
 * refuses a stamp more than 5 minutes old, but not one in the future: a request signed with a stamp ahead of time
 * (a captured signing step, or a sender whose clock is wrong) would pass verification for longer than the window
 * Slack documents. cdnops refuses both directions before Bolt reads the request; Bolt's checks (signature, staleness)
 * still run on everything let through.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';

/** How far a request's timestamp may be from now, either way. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/**
 * Wraps the receiver's request listener: a POST whose timestamp header is a number more than TIMESTAMP_WINDOW_SECONDS
 * away from `now` is answered 401 with no body, as Bolt answers a failed verification, and goes no further. A
 * missing or unreadable timestamp is left to Bolt, which refuses it too.
 *
 * `now` is the machine's wall clock (epoch ms), the clock Bolt's own staleness check reads; not the services' Clock,
 * which in tests and the demo is virtual time while Slack (and the stand-in) stamp requests with real time.
 */
export function refuseDistantTimestamps(
  listener: RequestListener,
  deps: { now: () => number; logger: Logger },
): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.method?.toUpperCase() === 'POST') {
      const header = request.headers['x-slack-request-timestamp'];
      const stamped = typeof header === 'string' && header.trim() !== '' ? Number(header) : Number.NaN;
      if (Number.isFinite(stamped)) {
        const skewSeconds = Math.round(stamped - deps.now() / 1000);
        if (Math.abs(skewSeconds) > TIMESTAMP_WINDOW_SECONDS) {
          deps.logger.warn('refused a Slack request stamped too far from now', { skewSeconds });
          // Nothing of the body is needed: let it be read and dropped, and close the connection afterwards.
          response.writeHead(401, { connection: 'close' });
          response.end();
          request.resume();
          return;
        }
      }
    }
    listener(request, response);
  };
}
