/** How a bounded wait ended: the value, the error, or nothing yet when the time ran out. */
export type Bounded<T> =
  | { state: 'done'; value: T }
  | { state: 'failed'; error: unknown }
  | { state: 'timed_out' };

/**
 * Waits for `work` at most `ms` of real time, never rejecting. The work itself goes on after a time-out; callers
 * that still want its result keep their own reference to it.
 *
 * Real time, not the injected clock, on purpose: the limits this serves are Slack's (3 seconds to acknowledge) and
 * a manual clock's sleep returns at once, which would make every bounded wait time out in tests.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<Bounded<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'timed_out' }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      work.then(
        (value): Bounded<T> => ({ state: 'done', value }),
        (error: unknown): Bounded<T> => ({ state: 'failed', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
