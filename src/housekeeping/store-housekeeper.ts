/**
 * Keeps a store that runs for years small: every hour (and once at start-up) it deletes the rows that only served
 * coordination once they are older than `retention.coordination`, and audit entries older than `retention.audit`
 * unless that is `forever`. Every replica runs it: deleting is idempotent, so two replicas pruning at once only
 * share the work, and nothing needs claiming. Deletes run in bounded batches, so a first pruning of years of rows
 * never holds the database (SQLite's one writer, a PostgreSQL table lock) for long.
 */
import type { Clock, Every } from '../clock.ts';
import type { RetentionConfig } from '../config/schema.ts';
import type { Logger } from '../logger.ts';
import type { PrunableRows, Store } from '../store/store.ts';

const PRUNE_EVERY_MS = 3_600_000;
/** Rows per delete statement: a few milliseconds of work each, whatever the backlog. */
const BATCH = 1_000;

const COORDINATION_ROWS = [
  'digestRuns',
  'watchEvaluations',
  'followUps',
  'changeRequests',
  'budgets',
] as const satisfies readonly PrunableRows[];

/** How many rows one sweep deleted, by kind; `deliveries` are Slack delivery claims that ran out. */
export type PruneCounts = Partial<Record<PrunableRows | 'deliveries', number>>;

export interface StoreHousekeeper {
  /** Prunes once now; resolves with what it deleted (empty when it failed: it logs that and tries next time). */
  sweep(): Promise<PruneCounts>;
  /** Prunes now in the background, then every hour. */
  start(): void;
  /** Stops between two batches and waits for that. */
  stop(): Promise<void>;
}

export function createStoreHousekeeper(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  every: Every;
  retention: RetentionConfig;
}): StoreHousekeeper {
  const { store, clock, logger, retention } = deps;
  let cancel: (() => void) | undefined;
  let stopping = false;
  let inFlight: Promise<PruneCounts> = Promise.resolve({});

  async function pruneAll(rows: PrunableRows, before: number): Promise<number> {
    let total = 0;
    while (!stopping) {
      const deleted = await store.housekeeping.prune(rows, before, BATCH);
      total += deleted;
      if (deleted < BATCH) break;
    }
    return total;
  }

  async function sweep(): Promise<PruneCounts> {
    const now = clock.now();
    const counts: PruneCounts = {};
    for (const rows of COORDINATION_ROWS) counts[rows] = await pruneAll(rows, now - retention.coordination);
    if (retention.audit !== 'forever') counts.audit = await pruneAll('audit', now - retention.audit);
    counts.deliveries = await store.deliveries.prune(now);
    const deleted = Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
    if (Object.keys(deleted).length > 0) logger.info('pruned old rows from the store', { deleted });
    return counts;
  }

  function sweepLogged(): Promise<PruneCounts> {
    inFlight = inFlight.then(sweep).catch((error: unknown): PruneCounts => {
      logger.warn('pruning old rows from the store failed; will try again in an hour', { error });
      return {};
    });
    return inFlight;
  }

  return {
    sweep: sweepLogged,
    start() {
      stopping = false;
      void sweepLogged();
      cancel ??= deps.every(PRUNE_EVERY_MS, () => void sweepLogged());
    },
    async stop() {
      stopping = true;
      cancel?.();
      cancel = undefined;
      await inFlight;
    },
  };
}
