import type { Clock } from '../src/clock.ts';

/**
 * A clock whose time only moves when told to, or when somebody sleeps on it: `sleep(ms)` advances the clock by
 * `ms` and resolves on the next tick. Shared by tests and the demo, so retries and task followers run in virtual
 * time and provider sandboxes on the same clock see time pass consistently.
 */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(startMs: number = Date.UTC(2026, 10, 23, 2, 0, 0)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    sleep(ms) {
      current += Math.max(0, ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
    advance(ms) {
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}
