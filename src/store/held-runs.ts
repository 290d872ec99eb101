/**
 * The holding half of claimed periodic work (digest runs, watch evaluations): what this process runs under a claim,
 * with its lease renewed meanwhile; the ticks and runs in flight, for `settled` and `stop`; and, at a stop that
 * cannot wait for them, the claims still held given back so another process takes them at once rather than when
 * their leases run out. Written once so both kinds of work hold and hand over alike (take-over-abandoned.ts is the
 * other half).
 */
import type { Clock, Every } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { settleWithin } from '../util/settle-within.ts';
import type { DigestRunRepository } from './store.ts';

export interface HeldRuns {
  /** Runs `work` for a run this process claimed, renewing the claim's lease until it settles. */
  run(name: string, dueAt: number, work: () => Promise<void>): Promise<void>;
  /** Whether this process holds the run: its lease may only look run out while a renewal is late. */
  holds(name: string, dueAt: number): boolean;
  /** Counts other work (a tick) as in flight until it settles. */
  track(work: Promise<void>): Promise<void>;
  /** Resolves once nothing is in flight, including work started meanwhile. */
  settled(): Promise<void>;
  /**
   * Waits for what is in flight; with `waitMs`, at most that long, then releases the claims still held (their runs
   * go on in the background, but another process may now take them over).
   */
  stop(waitMs: number | undefined): Promise<void>;
}

export function createHeldRuns(input: {
  runs: Pick<DigestRunRepository, 'renew' | 'release'>;
  every: Every;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  leaseMs: number;
  /** What a run is called in log lines (`digest`, `watch`). */
  what: string;
}): HeldRuns {
  const { runs, every, clock, logger, instanceId, leaseMs, what } = input;
  const inFlight = new Set<Promise<void>>();
  const holding = new Map<string, { name: string; dueAt: number }>();
  const key = (name: string, dueAt: number) => `${name}\u0000${dueAt}`;

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  function track(work: Promise<void>): Promise<void> {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  }

  return {
    async run(name, dueAt, work) {
      const held = key(name, dueAt);
      holding.set(held, { name, dueAt });
      const stopRenewing = every(Math.max(1, Math.floor(leaseMs / 3)), () => {
        runs
          .renew(name, dueAt, instanceId, clock.now() + leaseMs)
          .catch((error: unknown) => logger.warn(`could not renew a ${what} claim`, { [what]: name, error }));
      });
      try {
        await track(work());
      } finally {
        stopRenewing();
        holding.delete(held);
      }
    },
    holds: (name, dueAt) => holding.has(key(name, dueAt)),
    track,
    settled: drain,
    async stop(waitMs) {
      const drained = drain();
      if (waitMs === undefined) return drained;
      await settleWithin(drained, waitMs);
      for (const { name, dueAt } of holding.values()) {
        await runs
          .release(name, dueAt, instanceId, clock.now())
          .catch((error: unknown) =>
            logger.warn(`could not release a ${what} claim`, { [what]: name, error }),
          );
      }
    },
  };
}
