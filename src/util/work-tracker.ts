/**
 * Keeps the promises of work started after a Slack acknowledgement, so shutdown can wait for them and tests can
 * wait until the bot has finished answering.
 */
export interface WorkTracker {
  track(work: Promise<unknown>): void;
  /** Resolves when everything tracked so far (and anything it started meanwhile) has settled. */
  drain(): Promise<void>;
}

export function createWorkTracker(): WorkTracker {
  const inFlight = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
