import type { Clock } from '../src/clock.ts';

/**
 * The demo's clock: real time, except that "finish tasks now" can move it forward. Everything that waits on it (the
 * task follower's next poll, a domain change being followed, the sandboxes' task and change durations) then sees
 * that time as passed at once, so what a person asks to finish shows as finished without waiting for the next poll.
 */
export interface DemoClock extends Clock {
  /**
   * Moves time forward by at least `ms`, and far enough that everyone sleeping on this clock is due, then wakes
   * them. Time never moves back.
   */
  skipAhead(ms: number): void;
}

interface Sleeper {
  until: number;
  wake(): void;
}

export function createDemoClock(): DemoClock {
  let offset = 0;
  const sleepers = new Set<Sleeper>();
  const now = () => Date.now() + offset;
  return {
    now,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const sleeper: Sleeper = {
          until: now() + Math.max(0, ms),
          wake() {
            clearTimeout(timer);
            sleepers.delete(sleeper);
            resolve();
          },
        };
        const timer = setTimeout(() => sleeper.wake(), Math.max(0, ms));
        sleepers.add(sleeper);
      });
    },
    skipAhead(ms) {
      const target = Math.max(now() + Math.max(0, ms), ...[...sleepers].map((sleeper) => sleeper.until));
      offset += target - now();
      for (const sleeper of [...sleepers]) sleeper.wake();
    },
  };
}

export function canSkipAhead(clock: Clock): clock is DemoClock {
  return typeof (clock as Partial<DemoClock>).skipAhead === 'function';
}
