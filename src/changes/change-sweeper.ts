/**
 * Expires requests nobody decided in time, including those whose time ran out while the bot was down, and fails
 * changes whose process died while running them (so their cards do not say "running" forever): a sweep runs
 * at start-up, then one a minute. Expiry is one statement in the store, so with several replicas each request is
 * expired (and its card updated) once. Decisions check expiry themselves, so a late click is refused even between
 * sweeps.
 */
import type { Every } from '../clock.ts';
import type { Services } from '../dispatch/command-context.ts';

const SWEEP_EVERY_MS = 60_000;
/** Tencent changes are followed for up to 10 minutes, Wangsu's for 15. */
const INTERRUPTED_AFTER_MS = 20 * 60_000;

export interface ChangeSweeper {
  sweep(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Updating a card needs what deciding one needs; loaded when a sweep finds something, not at start-up. */
const finishing = () => import('./decide-change.ts');

export function createChangeSweeper(services: Services, every: Every): ChangeSweeper {
  let cancel: (() => void) | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    const now = services.clock.now();
    const expired = await services.store.changes.expireDue(now);
    for (const request of expired) await (await finishing()).finish(services, request, 'expired');
    // Longer than any provider follow-up takes: a change still running by then lost the process running it.
    const interrupted = await services.store.changes.failInterrupted(now - INTERRUPTED_AFTER_MS, {
      message:
        'cdnops stopped while this change was running, so how it ended is unknown. Check the domain with `/cdn host` before asking again.',
    });
    for (const request of interrupted) await (await finishing()).finish(services, request, 'failed');
  }

  function sweepLogged(): Promise<void> {
    inFlight = inFlight.then(sweep).catch((error: unknown) => {
      services.logger.warn('expiring change requests failed; will retry', { error });
    });
    return inFlight;
  }

  return {
    sweep: sweepLogged,
    async start() {
      await sweepLogged();
      cancel ??= every(SWEEP_EVERY_MS, () => void sweepLogged());
    },
    async stop() {
      cancel?.();
      cancel = undefined;
      await inFlight;
    },
  };
}
