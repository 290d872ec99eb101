/**
 * Follows submitted purge/prefetch tasks until they end, then edits their Slack message. What is followed lives
 * in the store, so a restart picks up where the previous process stopped. Polls back off from `pollInitialMs`
 * to `pollMaxMs`; after `giveUpAfterMs` the message says the tasks are still running and following stops.
 *
 * A submission is finished only once its final message is delivered. When the tasks end it becomes `delivering`
 * in the store, with the final state, and the lease holder edits the message. A transient Slack error
 * (internal_error, rate limited, 5xx, the network) schedules the next attempt in the store, backing off like the
 * polls (`pollInitialMs` doubling to `pollMaxMs`, never sooner than Slack's Retry-After), so any replica or a
 * restart carries on. A message that cannot be edited (deleted, channel gone or archived, cant_update_message,
 * response_url used up), or one Slack kept failing for `giveUpAfterMs` since the first attempt, gets the final state
 * posted as a new message in its channel instead; if that post fails for good too (or transiently past the
 * horizon), the failure is logged and the submission finished: never a loop without end.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Every } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { DeliveryError, type MessageRef, type Messenger } from '../messaging/message.ts';
import { reconcileWindowStart, recordsOfLostSubmission } from '../providers/reconcile.ts';
import { progressOfRecords } from '../providers/task-progress.ts';
import type { CdnProvider, TaskProgress } from '../providers/types.ts';
import type { FollowEnd, FollowedSubmission, Store } from '../store/store.ts';
import { mapConcurrent } from '../util/map-concurrent.ts';
import { settleWithin } from '../util/settle-within.ts';
import { renderSubmission } from './render-submission.ts';
import { pendingTasks, Submission } from './submission.ts';

/** After the store failed under the follower (a database outage), how long until it tries again. */
const STORE_RETRY_MS = 5_000;
const TASKS_READ_TOGETHER = 4;

export interface FollowTiming {
  pollInitialMs: number;
  pollMaxMs: number;
  giveUpAfterMs: number;
  /**
   * How long a claimed submission stays this follower's without renewal (renewed before each poll): after it,
   * another replica, or this one restarted, takes it over.
   */
  leaseMs: number;
}

export interface TaskFollower {
  follow(submission: Submission, ref: MessageRef): Promise<void>;
  start(): void;
  /**
   * Stops polling, waiting up to `waitMs` (default: as long as it takes) for the poll in progress and the work after
   * finished submissions, and releases this follower's leases: what is still followed stays in the store for another
   * replica or the next start.
   */
  stop(options?: { waitMs?: number }): Promise<void>;
  /** Resolves once nothing is due and the work after finished submissions is done (tests and shutdown use it). */
  idle(): Promise<void>;
}

/**
 * Work that follows a submission's end, e.g. checking the edges of a `purge --verify`. Runs once, by the follower
 * that edited the message to say the tasks finished, beside the polling rather than in its way.
 */
export type AfterFinish = (submission: Submission, ref: MessageRef) => Promise<void>;

export function createTaskFollower(deps: {
  store: Store;
  providers: ReadonlyMap<string, CdnProvider>;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  timing: FollowTiming;
  /**
   * Real-time ticks that wake an idle follower to look at the store again: another replica may have died holding
   * submissions, or added some this process was never told about. Tests pass one that never fires.
   */
  every: Every;
  afterFinish?: AfterFinish | undefined;
}): TaskFollower {
  const { store, providers, messenger, clock, logger, timing, every } = deps;
  const recheckMs = Math.min(15_000, Math.max(1, Math.floor(timing.leaseMs / 2)));
  let cancelRecheck: (() => void) | undefined;
  // Whose leases these are: one per follower, so replicas (and restarts) never mistake each other's.
  const owner = randomUUID();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];
  const finishing = new Set<Promise<void>>();

  function runAfterFinish(submission: Submission, ref: MessageRef): void {
    if (!deps.afterFinish) return;
    const work = deps
      .afterFinish(submission, ref)
      // The submission has ended and stays ended: a failure here is reported, never a reason to poll again.
      .catch((error) => logger.warn('work after a finished submission failed', { id: submission.id, error }))
      .finally(() => finishing.delete(work));
    finishing.add(work);
  }

  async function afterFinishSettled(): Promise<void> {
    while (finishing.size > 0) await Promise.all(finishing);
  }

  function nextDelay(polls: number): number {
    return Math.min(timing.pollMaxMs, timing.pollInitialMs * 2 ** polls);
  }

  async function pollOne(row: FollowedSubmission): Promise<void> {
    // The batch was claimed together; earlier polls may have been slow. Still ours, for another full lease?
    if (!(await store.follows.renew(row.id, owner, clock.now() + timing.leaseMs))) return;
    const submission = Submission.parse(row.payload);
    if (row.state === 'delivering') {
      await deliver(row, submission);
      return;
    }
    // Tasks are read side by side: each provider's budget paces them, and a 10,000-URL purge is ten tasks.
    const reads = await mapConcurrent(
      pendingTasks(submission),
      TASKS_READ_TOGETHER,
      async ({ accountId, task }) => {
        const provider = providers.get(accountId);
        if (!provider) return;
        const kind = submission.operation === 'prefetch' ? 'prefetch' : 'purge';
        if (task.since === undefined && provider.taskProgress) {
          applyProgress(
            task,
            await provider.taskProgress(kind, { taskId: task.taskId, items: task.items.length }),
          );
          return;
        }
        // A task found after a lost answer without its id is looked up by time, then picked out by its URLs.
        const query =
          task.since !== undefined
            ? { from: reconcileWindowStart(task.since), to: clock.now() }
            : { taskId: task.taskId };
        const records = await (kind === 'prefetch' && provider.prefetchTasks
          ? provider.prefetchTasks(query)
          : provider.purgeTasks(query));
        applyProgress(
          task,
          progressOfRecords(
            task.since !== undefined
              ? recordsOfLostSubmission(records, task.items, task.since)
              : records.filter((record) => record.taskId === task.taskId),
          ),
        );
      },
    );
    const failed = reads.find((read) => read.status === 'rejected');
    if (failed) throw failed.reason;
    const allDone = pendingTasks(submission).length === 0;
    if (allDone || clock.now() - row.createdAt >= timing.giveUpAfterMs) {
      const now = clock.now();
      submission.outcome = allDone ? 'finished' : 'gave_up';
      if (allDone) submission.finishedAt = now;
      // Not finished yet: only once the message says so. Until then the final state waits in the store.
      if (await store.follows.startDelivery(row.id, submission, now, owner)) {
        await deliver({ ...row, state: 'delivering', payload: submission, deliveringSince: now }, submission);
      }
    } else {
      await store.follows.reschedule(
        row.id,
        clock.now() + nextDelay(row.polls + 1),
        row.polls + 1,
        submission,
        owner,
      );
    }
  }

  /** One attempt at delivering a submission's final message, under this follower's lease (see the top). */
  async function deliver(row: FollowedSubmission, submission: Submission): Promise<void> {
    const ref = refOf(row);
    const message = renderSubmission(submission);
    const end: FollowEnd = submission.outcome === 'gave_up' ? 'gave_up' : 'finished';
    const since = row.deliveringSince ?? clock.now();
    const log = { id: row.id, channel: row.channel, ts: row.ts };
    let failure: DeliveryError | undefined;
    try {
      await messenger.editOnce(ref, message);
    } catch (error) {
      failure = asDeliveryError(error);
    }
    if (failure === undefined) {
      await ended(row, submission, end, ref);
      return;
    }
    const pastHorizon = clock.now() - since >= timing.giveUpAfterMs;
    if (failure.failure === 'refused') {
      logger.error('Slack refused the final message; finishing without it', { ...log, code: failure.code });
      await ended(row, submission, end, undefined);
      return;
    }
    if (failure.failure === 'transient' && !pastHorizon) {
      await retryLater(row, since, failure, log);
      return;
    }
    logger.warn('the message cannot be edited; posting the final state as a new message', {
      ...log,
      code: failure.code,
      pastHorizon,
    });
    let posted: MessageRef;
    try {
      posted = await messenger.postOnce(row.channel, message);
    } catch (error) {
      const postFailure = asDeliveryError(error);
      if (postFailure.failure === 'transient' && !(clock.now() - since >= timing.giveUpAfterMs)) {
        await retryLater(row, since, postFailure, log);
        return;
      }
      logger.error('could not deliver the final message; finishing without it', {
        ...log,
        editCode: failure.code,
        postCode: postFailure.code,
      });
      await ended(row, submission, end, undefined);
      return;
    }
    await ended(row, submission, end, posted);
  }

  async function retryLater(
    row: FollowedSubmission,
    since: number,
    failure: DeliveryError,
    log: Record<string, unknown>,
  ): Promise<void> {
    // Backs off like the polls, from the first attempt on, and never sooner than Slack asked.
    const backoff = Math.min(timing.pollMaxMs, Math.max(timing.pollInitialMs, clock.now() - since));
    const retryInMs = Math.max(backoff, failure.retryAfterMs ?? 0);
    logger.warn('could not deliver the final message; will retry', { ...log, code: failure.code, retryInMs });
    await store.follows.retryDelivery(row.id, clock.now() + retryInMs, owner);
  }

  /** Finishes a delivered (or undeliverable) submission; what follows a finish runs once, where it was shown. */
  async function ended(
    row: FollowedSubmission,
    submission: Submission,
    end: FollowEnd,
    shownAt: MessageRef | undefined,
  ): Promise<void> {
    if (!(await store.follows.finish(row.id, end, submission, owner))) return;
    if (end === 'finished' && shownAt) runAfterFinish(submission, shownAt);
  }

  async function run(): Promise<void> {
    while (running) {
      const due = await store.follows.claimDue(clock.now(), owner, timing.leaseMs, 20);
      for (const row of due) {
        try {
          await pollOne(row);
        } catch (error) {
          // A failed poll (provider down, Slack hiccup) is retried later rather than lost.
          logger.warn('following a submission failed; will retry', { id: row.id, error });
          const nextAt = clock.now() + timing.pollMaxMs;
          if (!(await store.follows.reschedule(row.id, nextAt, row.polls + 1, row.payload, owner))) {
            await store.follows.retryDelivery(row.id, nextAt, owner);
          }
        }
      }
      if (!running) break;
      const nextAt = await store.follows.nextDueAt();
      if (nextAt === undefined) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      } else if (nextAt > clock.now()) {
        await Promise.race([
          clock.sleep(nextAt - clock.now()),
          new Promise<void>((resolve) => {
            wake = resolve;
          }),
        ]);
      }
      wake = undefined;
    }
  }

  /** `run`, started again after a pause whenever the store fails under it: an outage must not end following. */
  async function runUntilStopped(): Promise<void> {
    while (running) {
      try {
        await run();
      } catch (error) {
        logger.warn('following submissions failed; will try again', { retryInMs: STORE_RETRY_MS, error });
        await Promise.race([
          clock.sleep(STORE_RETRY_MS),
          new Promise<void>((resolve) => {
            wake = resolve;
          }),
        ]);
        wake = undefined;
      }
    }
  }

  return {
    async follow(submission, ref) {
      if (pendingTasks(submission).length === 0) return;
      const now = clock.now();
      await store.follows.add({
        id: submission.id ?? randomUUID(),
        channel: ref.channel,
        ts: ref.ts ?? null,
        responseUrl: ref.responseUrl ?? null,
        payload: submission,
        createdAt: now,
        nextPollAt: now + timing.pollInitialMs,
        polls: 0,
        state: 'following',
      });
      wake?.();
    },
    start() {
      if (running) return;
      running = true;
      cancelRecheck = every(recheckMs, () => wake?.());
      loop = runUntilStopped();
    },
    async stop(options = {}) {
      running = false;
      cancelRecheck?.();
      wake?.();
      const finished = (loop ?? Promise.resolve()).then(() => afterFinishSettled());
      if (options.waitMs === undefined) await finished;
      // A poll stuck on a slow provider is abandoned: with the lease released, its finish is refused and another
      // replica polls the submission again.
      else await settleWithin(finished, options.waitMs);
      // Other replicas need not wait out this process's leases.
      await store.follows
        .releaseAll(owner)
        .catch((error: unknown) => logger.warn('could not release follow leases', { error }));
    },
    async idle() {
      if (running && (await store.follows.nextDueAt()) !== undefined) {
        await new Promise<void>((resolve) => idleWaiters.push(resolve));
      }
      await afterFinishSettled();
    },
  };
}

function refOf(row: FollowedSubmission): MessageRef {
  return { channel: row.channel, ts: row.ts ?? undefined, responseUrl: row.responseUrl ?? undefined };
}

/** A messenger is to reject with DeliveryError; anything else is taken as transient. */
function asDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError
    ? error
    : new DeliveryError('transient', 'unknown', undefined, { cause: error });
}

/** A task's state once it ended, failed URLs listed; a task still running is left as it was. */
function applyProgress(task: Submission['accounts'][number]['tasks'][number], progress: TaskProgress): void {
  if (progress.state === 'process') return;
  task.state = progress.state;
  task.failedItems = progress.failedItems;
}
