import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';

/**
 * Bolt refuses a signed request older than 5 minutes; an identical one within that window passes verification
 * again. Remember each delivery a little longer than that.
 */
const REMEMBER_MS = 6 * 60_000;
/** A bound on memory under a flood of (validly signed) requests; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;
/** Payload types that only ask for data to show (external select options). */
const LOOKUPS: ReadonlySet<unknown> = new Set(['block_suggestion', 'dialog_suggestion']);

/**
 * Global Bolt middleware that acknowledges, and otherwise ignores, a delivery identical to one already received:
 * Slack's retries (`X-Slack-Retry-Num`, sent when an acknowledgement was late) and replays of a captured request
 * inside the signature's 5-minute window. Without it a retried `/cdn purge` purges twice and a retried button
 * click answers "already approved" to someone who clicked once.
 *
 * A delivery is identified by its whole parsed body: every slash command and interaction carries its own
 * `response_url` and `trigger_id`, so two real invocations never look alike, while a retry or replay is the same
 * payload. Memory is per process: replicas behind a load balancer each keep their own, and changes stay safe there
 * through the store's atomic transitions.
 */
export function ignoreRepeatedDeliveries(deps: {
  clock: Clock;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  // Insertion order is arrival order, so the oldest entries are first.
  const seen = new Map<string, number>();
  return async function ignoreRepeatedDelivery(args) {
    // A select asking for options twice with the same typed text sends the same payload twice, and must be
    // answered both times; such lookups change nothing anyway.
    if (LOOKUPS.has((args.body as { type?: unknown }).type)) {
      await args.next();
      return;
    }
    const now = deps.clock.now();
    for (const [key, expiresAt] of seen) {
      if (expiresAt > now && seen.size < MAX_REMEMBERED) break;
      seen.delete(key);
    }
    const key = createHash('sha256').update(JSON.stringify(args.body)).digest('hex');
    if (seen.has(key)) {
      deps.logger.info('ignored a repeated Slack delivery', {
        retryNum: args.context.retryNum,
        retryReason: args.context.retryReason,
      });
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    seen.set(key, now + REMEMBER_MS);
    await args.next();
  };
}
