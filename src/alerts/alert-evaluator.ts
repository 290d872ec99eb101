/**
 * Evaluates every watch rule once per 5-minute interval, however many replicas share the store: each (rule,
 * interval) is claimed in the store before anything is asked or posted, as digest runs are, and only the claim's
 * winner evaluates. A process that dies mid-evaluation stops renewing its lease, and the next tick of any process
 * takes the evaluation over.
 *
 * Time comes from outside: production calls `tick` from the real-time ticker, tests with a manual clock's time.
 */
import type { Every } from '../clock.ts';
import { createHeldRuns } from '../store/held-runs.ts';
import { takeOverAbandoned as takeOverRuns } from '../store/take-over-abandoned.ts';
import type { AlertServices } from './evaluate-watch.ts';
import { listWatches } from './list-watches.ts';
import { INTERVAL_MS, type WatchDefinition } from './watch-definition.ts';

/** How often production looks for a new interval: an evaluation starts within this of the interval's end. */
export const ALERT_TICK_MS = 30_000;

export interface AlertEvaluator {
  /** Claims and evaluates each rule's evaluation of the interval `now` falls in; resolves when they are done. */
  tick(now: number): Promise<void>;
  /** Ticks now (an interval due while down is evaluated at once), then every ALERT_TICK_MS of real time. */
  start(): void;
  /** Resolves once the evaluations in progress have finished. */
  settled(): Promise<void>;
  /** Stops ticking, waits up to `waitMs`, and releases the claims still held so another replica takes them over. */
  stop(options?: { waitMs?: number }): Promise<void>;
}

export function createAlertEvaluator(input: {
  services: AlertServices;
  every: Every;
  instanceId: string;
  leaseMs: number;
}): AlertEvaluator {
  const { services, every, instanceId, leaseMs } = input;
  const { store, logger, clock } = services;
  const held = createHeldRuns({
    runs: store.watchEvaluations,
    every,
    clock,
    logger,
    instanceId,
    leaseMs,
    what: 'watch',
  });
  let cancel: (() => void) | undefined;

  async function tick(now: number): Promise<void> {
    const dueAt = Math.floor(now / INTERVAL_MS) * INTERVAL_MS;
    const { watches } = await listWatches(services.watches, store.watches);
    await Promise.all(
      watches.map(async (watch) => {
        try {
          const won = await store.watchEvaluations.claim({
            name: watch.name,
            dueAt,
            claimedBy: instanceId,
            claimedAt: clock.now(),
            leaseUntil: clock.now() + leaseMs,
          });
          if (won) await runHeld(watch, dueAt, now);
        } catch (error) {
          logger.error('watch could not be evaluated', { watch: watch.name, error });
        }
      }),
    );
    await takeOverAbandoned(watches, now, dueAt);
  }

  function takeOverAbandoned(watches: readonly WatchDefinition[], now: number, dueAt: number) {
    return takeOverRuns({
      runs: store.watchEvaluations,
      now,
      dueFrom: dueAt - INTERVAL_MS,
      definitions: watches,
      holds: held.holds,
      claim: () => ({ claimedBy: instanceId, claimedAt: clock.now(), leaseUntil: clock.now() + leaseMs }),
      resume: async (watch, _taken, run) => {
        logger.warn('took over a watch evaluation whose process stopped mid-way', {
          watch: run.name,
          dueAt: new Date(run.dueAt).toISOString(),
          from: run.claimedBy,
        });
        await runHeld(watch, run.dueAt, now);
      },
    });
  }

  function runHeld(watch: WatchDefinition, dueAt: number, now: number): Promise<void> {
    return held.run(watch.name, dueAt, async () => {
      try {
        // Loaded when a rule is first evaluated, not at start-up: a bot without watches never needs it.
        const { evaluateWatch } = await import('./evaluate-watch.ts');
        const result = await evaluateWatch(services, watch, now);
        await store.watchEvaluations.finish(watch.name, dueAt, {
          outcome: 'posted',
          messageTs: null,
          detail: result.detail,
          finishedAt: clock.now(),
        });
        logger.debug('watch evaluated', { watch: watch.name, detail: result.detail });
      } catch (error) {
        logger.error('watch evaluation failed', { watch: watch.name, error });
        await store.watchEvaluations.finish(watch.name, dueAt, {
          outcome: 'failed',
          messageTs: null,
          detail: error instanceof Error ? error.message : String(error),
          finishedAt: clock.now(),
        });
      }
    });
  }

  function tickLogged(now: number): void {
    void held.track(
      tick(now).catch((error: unknown) => {
        logger.warn('looking for watch evaluations failed; will try again', { error });
      }),
    );
  }

  return {
    tick,
    start() {
      if (cancel) return;
      tickLogged(clock.now());
      cancel = every(ALERT_TICK_MS, () => tickLogged(clock.now()));
    },
    settled: held.settled,
    stop(options = {}) {
      cancel?.();
      cancel = undefined;
      return held.stop(options.waitMs);
    },
  };
}
