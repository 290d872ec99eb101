import type { Message, Reply, Respond } from './message.ts';

/**
 * Where a transport can show a long answer's progress and then put the answer in its place: Slack through the
 * command's response_url (responseUrlProgress), a terminal on stderr. Only the dispatcher builds one.
 */
export interface ProgressOutlet {
  /** Shows `message` as the progress note, replacing the one shown before. One attempt; rejects when it did not land. */
  show(message: Message): Promise<void>;
  /** Puts the answer where the note is. Rejects when it could not; the answer then goes out as a new reply. */
  replace(reply: Reply): Promise<void>;
  /** How many `show`s in all (a response_url takes 5 posts: the answer needs one, and one is kept spare). */
  maxShows: number;
  /** The shortest time between two shows, so the transport's rate limits hold (chat.update, response_url). */
  minIntervalMs: number;
}

/** Counts one piece of work: told how many steps it will take as it learns, and as each step ends. */
export interface StepCounter {
  /** `steps` more steps will run; may be called several times as more work is planned. */
  planned(steps: number): void;
  done(): void;
}

/** What a command sees: a note for a long answer, built from how many steps are done of how many. */
export interface Progress {
  track(describe: (done: number, total: number) => Message): StepCounter;
}

/**
 * Progress for one invocation over `outlet` (none: nothing is shown), and the Respond its answer must go through.
 *
 * A note appears once more than one step is planned ("batch 0 of 17"), then at most one edit per `minIntervalMs` of
 * `now` as steps end, and never more than `maxShows` in all. Shows run one at a time; the answer waits for the one
 * in flight and nothing is shown after it, so a late progress edit can never overtake the answer. A show that fails
 * is logged through `onError` and ends the progress (the answer still goes out); if no note ever landed, the answer
 * is a plain reply.
 */
export function createProgress(
  outlet: ProgressOutlet | undefined,
  respond: Respond,
  options: { now: () => number; onError: (error: unknown) => void },
): { progress: Progress; respond: Respond } {
  let total = 0;
  let done = 0;
  let describe: ((done: number, total: number) => Message) | undefined;
  let shows = 0;
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let noteShown = false;
  let stopped = outlet === undefined;
  let inFlight: Promise<void> | undefined;
  let firstQueued = false;

  function show(): void {
    if (!outlet || stopped || inFlight || !describe || shows >= outlet.maxShows) return;
    shows += 1;
    lastShownAt = options.now();
    inFlight = outlet
      .show(describe(done, total))
      .then(
        () => {
          noteShown = true;
        },
        (error: unknown) => {
          // Handled: progress is a courtesy; the answer does not depend on it. Stop rather than hammer a dead URL.
          stopped = true;
          options.onError(error);
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
  }

  const progress: Progress = {
    track(describeNote) {
      describe ??= describeNote;
      return {
        planned(steps) {
          total += steps;
          if (firstQueued) return;
          firstQueued = true;
          // The fetches of one answer plan their steps in the same turn, so the first note counts all of them. A
          // step planned later (top's totals, once the ranking is in) adds to the count but never starts a note:
          // an answer that began with one batch stays without one.
          queueMicrotask(() => {
            if (total > 1) show();
          });
        },
        done() {
          done += 1;
          if (shows === 0 || done >= total) return;
          if (options.now() - lastShownAt < (outlet?.minIntervalMs ?? 0)) return;
          show();
        },
      };
    },
  };

  return {
    progress,
    async respond(reply) {
      stopped = true;
      await inFlight;
      if (!outlet || !noteShown) return respond(reply);
      try {
        await outlet.replace(reply);
      } catch (error) {
        // Handled: the answer still reaches the person, as a reply of its own.
        options.onError(error);
        await respond(reply);
      }
    },
  };
}
