/**
 * Posts each scheduled digest run exactly once, however many replicas share the store. Every replica looks for due
 * runs; each run is claimed in the store (digest name, due time) before anything is fetched or posted, and only the
 * claim's winner posts. A restart, a second process or an overlapping slow tick finds the claim taken.
 *
 * Time comes from outside: production calls `tick` from the injected real-time ticker and once at start-up, tests
 * call it with a manual clock's time. The scheduler never sleeps on the Clock.
 */
import type { Every } from '../clock.ts';
import { formatError } from '../dispatch/format-error.ts';
import { context } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import { createHeldRuns } from '../store/held-runs.ts';
import { takeOverAbandoned as takeOverRuns } from '../store/take-over-abandoned.ts';
import { parseSchedule, type Schedule } from '../time/parse-schedule.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import type { DigestDefinition } from './digest-definition.ts';
import type { DigestServices } from './digest-settings.ts';
import { listDigests } from './list-digests.ts';
import { retentionNote } from './retention-note.ts';

/** How often production looks for due runs: a digest posts within this of its time. */
export const DIGEST_TICK_MS = 15_000;
/** Runs examined per digest and tick; with at most one run an hour, only a very long grace comes near. */
const MAX_RUNS_PER_TICK = 1_000;

export interface DigestScheduler {
  /**
   * Finds every run due in (the previous tick, now] (on the first tick: within digestGrace before now), claims the
   * latest of each digest and posts those it won. Runs older than digestGrace are skipped with a log line. Resolves
   * once its posts are done; ticks may overlap.
   */
  tick(now: number): Promise<void>;
  /**
   * Starts the catch-up tick for runs missed while down (without waiting for what it posts), then a tick every
   * DIGEST_TICK_MS of real time.
   */
  start(): Promise<void>;
  /** Resolves once the ticks and runs in progress (the start-up catch-up among them) have finished. */
  settled(): Promise<void>;
  /**
   * Stops ticking and waits up to `waitMs` for runs in progress; the claims of runs still going after that are
   * released, so another replica takes them over without waiting for their leases to run out.
   */
  stop(options?: { waitMs?: number }): Promise<void>;
}

export function createDigestScheduler(input: {
  services: DigestServices;
  every: Every;
  /** Recorded on the claims this process wins: host, pid and a random part. */
  instanceId: string;
  /**
   * How long a claim lasts without renewal. The holder renews it while building and posting; a process that dies
   * mid-run stops renewing, and after this long another process (or this one restarted) takes the run over.
   */
  leaseMs: number;
}): DigestScheduler {
  const { services, every, instanceId, leaseMs } = input;
  const { store, logger, clock } = services;
  const graceMs = services.digests.graceMs;
  const schedules = new Map<string, Schedule | undefined>();
  const held = createHeldRuns({
    runs: store.digestRuns,
    every,
    clock,
    logger,
    instanceId,
    leaseMs,
    what: 'digest',
  });
  let lastChecked: number | undefined;
  let cancel: (() => void) | undefined;

  function scheduleOf(digest: DigestDefinition): Schedule | undefined {
    const key = `${digest.schedule}\u0000${services.timezone}`;
    if (!schedules.has(key)) {
      try {
        schedules.set(key, parseSchedule(digest.schedule, services.timezone));
      } catch (error) {
        // Config and `digest add` validate schedules, so only a store edited by hand gets here; said once.
        logger.error('digest schedule cannot be read; the digest does not run', {
          digest: digest.name,
          error,
        });
        schedules.set(key, undefined);
      }
    }
    return schedules.get(key);
  }

  async function tick(now: number): Promise<void> {
    const first = lastChecked === undefined;
    if (lastChecked !== undefined && now <= lastChecked) return;
    const from = lastChecked ?? now - graceMs;
    // Moved before any await, so a tick overlapping this one looks at the time after it, not the same window.
    lastChecked = now;
    let listed: Awaited<ReturnType<typeof listDigests>>;
    try {
      listed = await listDigests(services.digests, store.digests);
    } catch (error) {
      // Nothing was looked at: the next tick covers this window again, unless a later tick has moved on.
      if (lastChecked === now) lastChecked = first ? undefined : from;
      throw error;
    }
    const { digests, shadowed } = listed;
    if (first) {
      for (const digest of shadowed) {
        logger.warn('added digest is shadowed by a config digest of the same name and does not run', {
          digest: digest.name,
        });
      }
    }
    await Promise.all(
      digests.map((digest) =>
        consider(digest, { first, from, now }).catch((error: unknown) => {
          // Handled: this window's run of this digest is given up (the window has moved on); the others go on.
          logger.error('digest could not be scheduled', { digest: digest.name, error });
        }),
      ),
    );
    await takeOverAbandoned(digests, now);
  }

  /**
   * Runs claimed by a process that stopped renewing (it died mid-run) are taken over, once, by whichever process
   * gets there first: posted from scratch if the channel message never went out, else only recorded, since posting
   * it again would duplicate it.
   */
  function takeOverAbandoned(digests: readonly DigestDefinition[], now: number): Promise<void> {
    return takeOverRuns({
      runs: store.digestRuns,
      now,
      dueFrom: now - graceMs,
      definitions: digests,
      holds: held.holds,
      claim: () => ({ claimedBy: instanceId, claimedAt: clock.now(), leaseUntil: clock.now() + leaseMs }),
      resume: async (digest, taken, run) => {
        logger.warn('took over a digest run whose process stopped mid-run', {
          digest: run.name,
          dueAt: new Date(run.dueAt).toISOString(),
          from: run.claimedBy,
          alreadyPosted: taken.messageTs !== null,
        });
        if (taken.messageTs !== null) {
          await store.digestRuns.finish(run.name, run.dueAt, {
            outcome: 'partial',
            messageTs: taken.messageTs,
            detail: 'the process posting it stopped after the channel message; thread replies may be missing',
            finishedAt: clock.now(),
          });
          return;
        }
        await runHeld(digest, run.dueAt);
      },
    });
  }

  /** Runs a claimed run while renewing its lease, and remembers it as held meanwhile. */
  function runHeld(digest: DigestDefinition, dueAt: number): Promise<void> {
    return held.run(digest.name, dueAt, () => runClaimed(digest, dueAt));
  }

  async function consider(
    digest: DigestDefinition,
    window: { first: boolean; from: number; now: number },
  ): Promise<void> {
    const schedule = scheduleOf(digest);
    if (!schedule) return;
    const { now } = window;
    const cutoff = now - graceMs;
    const due = runsIn(schedule, Math.max(window.from, cutoff), now).filter(
      (dueAt) => digest.createdAt === undefined || dueAt >= digest.createdAt,
    );
    await logMissed(digest, schedule, window, cutoff);
    const latest = due.at(-1);
    if (latest === undefined) return;
    if (!services.digests.channelAccounts(digest.channel)) {
      // An added digest whose channel was taken off the allowlist since: nothing may be posted there.
      logger.warn('digest not posted: its channel is no longer listed under channels', {
        digest: digest.name,
        channel: digest.channel,
        dueAt: new Date(latest).toISOString(),
      });
      return;
    }
    for (const older of due.slice(0, -1)) {
      logger.warn('digest run skipped: a later run of the same digest is due and is posted instead', {
        digest: digest.name,
        dueAt: new Date(older).toISOString(),
      });
    }
    const won = await store.digestRuns.claim({
      name: digest.name,
      dueAt: latest,
      claimedBy: instanceId,
      claimedAt: clock.now(),
      leaseUntil: clock.now() + leaseMs,
    });
    if (!won) {
      logger.debug('digest run already claimed', {
        digest: digest.name,
        dueAt: new Date(latest).toISOString(),
      });
      return;
    }
    await runHeld(digest, latest);
  }

  /** One line for the runs older than the grace that nobody posted (down too long, or asleep): how many, the last. */
  async function logMissed(
    digest: DigestDefinition,
    schedule: Schedule,
    window: { first: boolean; from: number },
    cutoff: number,
  ): Promise<void> {
    const latest = schedule.previousBefore(cutoff + 1);
    if (latest === undefined || (digest.createdAt !== undefined && latest < digest.createdAt)) return;
    // After start-up the previous tick says what was seen; at start-up, the last run claimed or when it was added.
    // A config digest that never ran has no history: nothing is known to have been missed.
    const seenUntil = window.first
      ? ((await store.digestRuns.recent(digest.name, 1))[0]?.dueAt ??
        (digest.createdAt === undefined ? undefined : digest.createdAt - 1))
      : window.from;
    if (seenUntil === undefined || latest <= seenUntil) return;
    const missed = runsIn(schedule, seenUntil, cutoff);
    logger.warn('digest run skipped: it was missed by more than digestGrace', {
      digest: digest.name,
      dueAt: new Date(latest).toISOString(),
      missed: missed.length,
      graceMs,
    });
  }

  async function runClaimed(digest: DigestDefinition, dueAt: number): Promise<void> {
    const due = formatWallTime(dueAt, services.timezone);
    try {
      // Loaded for the first run this process posts, not at start-up: most ticks find nothing due.
      const [{ buildDigest }, { postDigest }] = await Promise.all([
        import('./build-digest.ts'),
        import('./post-digest.ts'),
      ]);
      const built = await buildDigest(services, digest, dueAt);
      const posted = await postDigest(services.messenger, digest.channel, built.messages, {
        // Recorded before the thread replies: a process taking this run over must not post it a second time.
        onMainPosted: async (ref) => {
          if (ref.ts) await store.digestRuns.recordPosted(digest.name, dueAt, instanceId, ref.ts);
        },
      });
      for (const failed of posted.failedReplies) {
        logger.warn('digest thread reply could not be posted', {
          digest: digest.name,
          reply: failed.index + 1,
          error: failed.error,
        });
      }
      const detail = [
        built.missing.length > 0 ? `no figures for ${built.missing.join(', ')}` : '',
        posted.failedReplies.length > 0 ? `${posted.failedReplies.length} thread replies not posted` : '',
      ]
        .filter(Boolean)
        .join('; ');
      await store.digestRuns.finish(digest.name, dueAt, {
        outcome: detail ? 'partial' : 'posted',
        messageTs: posted.ref.ts ?? null,
        detail: detail || null,
        finishedAt: clock.now(),
      });
      logger.info('digest posted', {
        digest: digest.name,
        dueAt: new Date(dueAt).toISOString(),
        missing: built.missing.length,
        // What the run cost against the providers' rate limits (issue 21), by account and action.
        providerCalls: Object.values(built.providerCalls).reduce((sum, count) => sum + count, 0),
        providerCallsByAction: built.providerCalls,
      });
    } catch (error) {
      logger.error('digest run failed', { digest: digest.name, dueAt: new Date(dueAt).toISOString(), error });
      const reply = formatError(error, logger);
      let messageTs: string | null = null;
      try {
        // The channel expected a digest: say that it failed and why rather than post nothing.
        const ref = await services.messenger.post(digest.channel, {
          text: `Digest ${digest.name} (due ${due}) could not be posted: ${reply.text}`,
          blocks: [
            context(`Digest ${code(digest.name)}, due ${due} (${services.timezone}), could not be posted:`),
            ...(reply.blocks ?? []),
          ],
        });
        messageTs = ref.ts ?? null;
      } catch (postError) {
        logger.error('could not tell the channel that a digest failed', {
          digest: digest.name,
          error: postError,
        });
      }
      await store.digestRuns.finish(digest.name, dueAt, {
        outcome: 'failed',
        messageTs,
        detail: error instanceof Error ? error.message : String(error),
        finishedAt: clock.now(),
      });
    }
  }

  async function logScheduled(): Promise<void> {
    const { digests } = await listDigests(services.digests, store.digests);
    for (const digest of digests) {
      const next = scheduleOf(digest)?.nextAfter(clock.now());
      logger.info('digest scheduled', {
        digest: digest.name,
        schedule: digest.schedule,
        next: next === undefined ? null : `${formatWallTime(next, services.timezone)} ${services.timezone}`,
      });
      const providers = (services.digests.channelAccounts(digest.channel) ?? []).flatMap((account) => {
        const provider = services.providers.get(account);
        return provider ? [provider] : [];
      });
      const note =
        next === undefined
          ? undefined
          : retentionNote({
              schedule: digest.schedule,
              timeZone: services.timezone,
              at: next,
              metrics: digest.metrics,
              providers,
            });
      // A note, not a refusal: such a digest is posted, cut to what the providers keep.
      if (note) logger.warn('digest period is longer than its providers keep', { digest: digest.name, note });
    }
  }

  function tickLogged(now: number): Promise<void> {
    return held.track(
      tick(now).catch((error: unknown) => {
        logger.warn('looking for due digests failed; will try again', { error });
      }),
    );
  }

  return {
    tick,
    async start() {
      // The catch-up runs in the background: building a digest waits on providers, and a slow one must not hold
      // start-up (Slack's requests go unanswered until the bot listens). `stop` still waits for it.
      void tickLogged(clock.now());
      // Only for the log: a store that cannot be read right now must not stop start-up, nor the ticks after it.
      await logScheduled().catch((error: unknown) => {
        logger.warn('could not list the digests to log when they run next', { error });
      });
      cancel ??= every(DIGEST_TICK_MS, () => void tickLogged(clock.now()));
    },
    settled: held.settled,
    stop(options = {}) {
      cancel?.();
      cancel = undefined;
      return held.stop(options.waitMs);
    },
  };
}

/** Runs in (after, upTo], oldest first. */
function runsIn(schedule: Schedule, after: number, upTo: number): number[] {
  const runs: number[] = [];
  for (let run = schedule.nextAfter(after); run !== undefined && run <= upTo; run = schedule.nextAfter(run)) {
    runs.push(run);
    if (runs.length >= MAX_RUNS_PER_TICK) break;
  }
  return runs;
}
