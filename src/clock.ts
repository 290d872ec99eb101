/**
 * Time as every module below the composition root sees it. Production passes `systemClock`; tests pass a
 * manual clock so retries, pacing and task completion run without waiting for real time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs `task` every `ms` of real time until the returned function is called. Periodic housekeeping uses this rather
 * than sleeping on a Clock: a manual clock's sleep moves time forward, which a loop would do without end.
 */
export type Every = (ms: number, task: () => void) => () => void;

export const realEvery: Every = (ms, task) => {
  const timer = setInterval(task, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** For tests: nothing runs by itself; the test calls the task when it wants. */
export const neverEvery: Every = () => () => {};
