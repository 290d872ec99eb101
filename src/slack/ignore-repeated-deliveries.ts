import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Clock } from '../clock.ts';
import { formatError } from '../dispatch/format-error.ts';
import type { Logger } from '../logger.ts';
import type { Respond } from '../messaging/message.ts';
import { noteOutcome } from '../observability/correlation.ts';
import type { DeliveryRepository } from '../store/store.ts';

/**
 * How long a delivery is remembered. A signed request is accepted while its timestamp is within 5 minutes of now,
 * either way (see refuse-distant-timestamps.ts), so one captured request can be replayed for up to 10 minutes; Slack
 * retries a delivery about 1 and 5 minutes after the first try. A margin on top for clocks that differ a little.
 */
export const REMEMBER_DELIVERY_MS = 15 * 60_000;
/** A bound on memory under a flood of (validly signed) requests; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;
/** Run-out claims are deleted from the store at most this often per process (in the injected clock's time). */
const PRUNE_EVERY_MS = 60_000;
/** Payload types that only ask for data to show (external select options). */
const LOOKUPS: ReadonlySet<unknown> = new Set(['block_suggestion', 'dialog_suggestion']);
/** Where the middleware leaves the delivery's claim for the handler: on Bolt's per-delivery context. */
const CLAIM = 'cdnopsClaimDelivery';

/**
 * Global Bolt middleware that recognises a delivery identical to one already received: Slack's retries
 * (`X-Slack-Retry-Num`, sent when an acknowledgement was late) and replays of a captured request inside the
 * signature's window. Without it a retried `/cdn purge` purges twice and a retried button click answers "already
 * approved" to someone who clicked once.
 *
 * A delivery is identified by a hash of its whole parsed body: every slash command and interaction carries its own
 * `response_url` and `trigger_id`, so two real invocations never look alike, while a retry or replay is the same
 * payload.
 *
 * Two layers. In memory, with no I/O, a repeat this process has already seen is acknowledged and dropped at once.
 * In the store, which every replica shares and which outlives a restart, the handler of anything that runs work
 * claims the delivery (`runOnce`, `claimDelivery`) after acknowledging and before starting: only the first claim
 * runs. The claim is left on the context; nothing on the acknowledgement path waits for the store.
 */
export function ignoreRepeatedDeliveries(deps: {
  clock: Clock;
  logger: Logger;
  deliveries: DeliveryRepository;
}): Middleware<AnyMiddlewareArgs> {
  // Insertion order is arrival order, so the oldest entries are first.
  const seen = new Map<string, number>();
  let prunedAt = Number.NEGATIVE_INFINITY;

  const repeated = (args: AnyMiddlewareArgs & { context: Context }, where: 'memory' | 'store') => {
    noteOutcome('repeated');
    deps.logger.info('ignored a repeated Slack delivery', {
      seenIn: where,
      retryNum: args.context.retryNum,
      retryReason: args.context.retryReason,
    });
  };

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
      repeated(args, 'memory');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    seen.set(key, now + REMEMBER_DELIVERY_MS);

    let claimed: Promise<boolean> | undefined;
    args.context[CLAIM] = (): Promise<boolean> => {
      claimed ??= (async () => {
        const at = deps.clock.now();
        const first = await deps.deliveries.claim(key, at, at + REMEMBER_DELIVERY_MS);
        if (!first) repeated(args, 'store');
        if (at - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = at;
          deps.deliveries.prune(at).catch((error: unknown) => {
            deps.logger.warn('could not forget old Slack deliveries; trying again later', { error });
          });
        }
        return first;
      })();
      return claimed;
    };
    await args.next();
  };
}

/**
 * Claims this delivery in the store: `true` for the first delivery of its payload in any replica, before or after a
 * restart; `false` for a retry or replay, whose handler must then do nothing. Rejects (StoreUnavailableError) when
 * the store cannot be reached: the caller runs nothing then (fail closed) and says so. Call it after acknowledging.
 */
export function claimDelivery(context: Context): Promise<boolean> {
  const claim = context[CLAIM] as (() => Promise<boolean>) | undefined;
  if (typeof claim !== 'function') {
    return Promise.reject(
      new Error('no delivery claim on the context: ignoreRepeatedDeliveries is not installed'),
    );
  }
  return claim();
}

/**
 * Runs `work` for the first delivery of a payload only (see claimDelivery). When the claim cannot be made, nothing
 * runs and `refuse` tells the person why (the store cannot be reached right now).
 */
export async function runOnce(
  context: Context,
  deps: { logger: Logger; refuse: Respond },
  work: () => Promise<unknown>,
): Promise<void> {
  let first: boolean;
  try {
    first = await claimDelivery(context);
  } catch (error) {
    await deps.refuse(formatError(error, deps.logger)).catch((refuseError: unknown) => {
      deps.logger.warn('could not say why a delivery was not run', { error: refuseError });
    });
    return;
  }
  if (first) await work();
}
