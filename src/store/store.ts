/**
 * The state cdnops keeps, behind async repositories so the embedded SQLite store and a shared server database can
 * both implement them. Nothing here may assume a single process: every state change is one atomic statement.
 */
import * as z from 'zod';

/**
 * `following` while its tasks are polled; `delivering` once they ended (or we gave up waiting) but the message does
 * not say so yet: the final payload is kept and its delivery retried under the lease until Slack takes it; then
 * `finished` or `gave_up`.
 */
export const FollowState = z.enum(['following', 'delivering', 'finished', 'gave_up']);
export type FollowState = z.infer<typeof FollowState>;
/** How a followed submission ends. */
export type FollowEnd = Exclude<FollowState, 'following' | 'delivering'>;

/**
 * A submitted purge/prefetch whose tasks are polled until they end, then its Slack message is edited. Any replica
 * may poll it, but only under a lease: the replica whose lease it holds polls it and, being the only one allowed to
 * finish it, is the only one that edits the message. A replica that dies stops renewing, and its leases run out.
 */
export const FollowedSubmission = z.object({
  id: z.string(),
  channel: z.string(),
  ts: z.string().nullable(),
  responseUrl: z.string().nullable(),
  /** The submission as rendered in the message (see cache-ops/submission.ts); opaque to the store. */
  payload: z.unknown(),
  createdAt: z.number(),
  nextPollAt: z.number(),
  polls: z.number(),
  state: FollowState,
  /** Who holds the lease (an id each follower makes for itself), or `null` when nobody does. */
  leaseOwner: z.string().nullable(),
  /** When the lease runs out, epoch ms, unless renewed first. */
  leaseUntil: z.number().nullable(),
  /**
   * While `delivering` (and after): when the first attempt to deliver the final message was made, epoch ms; how long
   * delivery has been retried is measured from it. Absent before.
   */
  deliveringSince: z.number().optional(),
});
export type FollowedSubmission = z.infer<typeof FollowedSubmission>;

/** A submission as first stored: nobody holds it yet, and nothing is being delivered. */
export type NewFollowedSubmission = Omit<FollowedSubmission, 'leaseOwner' | 'leaseUntil' | 'deliveringSince'>;

/**
 * Active submissions are those `following` or `delivering`: both are claimed, leased, renewed and released alike,
 * and `nextPollAt` is, while delivering, when the next delivery attempt is due.
 */
export interface FollowRepository {
  add(submission: NewFollowedSubmission): Promise<void>;
  /** Active submissions whose next poll (or delivery attempt) is due at `now`, oldest first, leased or not. */
  due(now: number, limit: number): Promise<FollowedSubmission[]>;
  /**
   * Leases up to `limit` active submissions whose next poll (or delivery attempt) is due at `now` and that nobody
   * else holds (never leased, lease run out, or already `owner`'s), oldest poll first, to `owner` until
   * `now + leaseMs`; returns them as they now are. One statement: concurrent callers, in any replica, never get the
   * same one.
   */
  claimDue(now: number, owner: string, leaseMs: number, limit: number): Promise<FollowedSubmission[]>;
  /** Extends `owner`'s lease to `leaseUntil`; `false` when `owner` no longer holds it or it is no longer active. */
  renew(id: string, owner: string, leaseUntil: number): Promise<boolean>;
  /**
   * The earliest moment an active submission may be claimed: its next poll, or when its lease runs out if that is
   * later (a follower sleeping until then never spins on one that another replica holds).
   */
  nextDueAt(): Promise<number | undefined>;
  /**
   * Records a poll and when to poll next, and releases the lease so any replica may take the next poll; only while
   * `owner` holds it and it is `following` (`false`, and nothing changed, otherwise).
   */
  reschedule(
    id: string,
    nextPollAt: number,
    polls: number,
    payload: unknown,
    owner: string,
  ): Promise<boolean>;
  /**
   * Stops polling: the submission becomes `delivering` with its final `payload`, `deliveringSince = at` and its
   * next attempt due at `at`; `owner` keeps the lease, to make the first attempt at once. Only while `owner` holds
   * it and it is `following`: `true` for exactly one caller.
   */
  startDelivery(id: string, payload: unknown, at: number, owner: string): Promise<boolean>;
  /**
   * After a failed delivery attempt: the next one is due at `nextAttemptAt`, and the lease is released so any
   * replica may make it. Only while `owner` holds it and it is `delivering`.
   */
  retryDelivery(id: string, nextAttemptAt: number, owner: string): Promise<boolean>;
  /**
   * Ends it, `following` or `delivering`; only while `owner` holds it. `true` for exactly one caller, so the
   * message is edited once: `false` when another replica took it over or it had already ended.
   */
  finish(id: string, state: FollowEnd, payload: unknown, owner: string): Promise<boolean>;
  /** Releases every lease `owner` holds (on shutdown, so other replicas need not wait them out); how many. */
  releaseAll(owner: string): Promise<number>;
  get(id: string): Promise<FollowedSubmission | undefined>;
}

/**
 * A change waiting for its requester's confirmation or a second person's approval, then running, then ended. Each
 * transition is one atomic compare-and-set on `state`, so double clicks, two approvers at once, retried requests
 * and several replicas run a change at most once.
 */
export const ChangeState = z.enum([
  'awaiting_confirmation',
  'pending_approval',
  'approved',
  'running',
  'done',
  'failed',
  'rejected',
  'cancelled',
  'expired',
]);
export type ChangeState = z.infer<typeof ChangeState>;

export const ChangeRequest = z.object({
  /** Short and typeable: `/cdn approve <id>`. */
  id: z.string(),
  action: z.string(),
  accountId: z.string(),
  domain: z.string(),
  requestedBy: z.string(),
  channel: z.string(),
  commandText: z.string(),
  /** What to do and what it looked like before: action-specific, opaque to the store. */
  plan: z.unknown(),
  state: ChangeState,
  createdAt: z.number(),
  expiresAt: z.number(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  /** Where the card or preview lives, so it can be updated with the outcome. */
  messageTs: z.string().nullable(),
  responseUrl: z.string().nullable(),
  result: z.unknown().nullable(),
});
export type ChangeRequest = z.infer<typeof ChangeRequest>;

export interface ChangeRepository {
  create(request: ChangeRequest): Promise<void>;
  get(id: string): Promise<ChangeRequest | undefined>;
  /**
   * Moves the request from one of `from` to `to` in one statement and returns it as it now is; `undefined` when it
   * was in none of `from` (somebody else decided first, or it expired).
   */
  transition(
    id: string,
    from: readonly ChangeState[],
    to: ChangeState,
    patch?: { decidedBy?: string; decidedAt?: number; result?: unknown },
  ): Promise<ChangeRequest | undefined>;
  setMessage(id: string, messageTs: string | undefined, responseUrl: string | undefined): Promise<void>;
  /** Marks every undecided request whose time is up as expired and returns them. */
  expireDue(now: number): Promise<ChangeRequest[]>;
  /**
   * Marks as failed, with `result`, every change still approved or running that was decided before `decidedBefore`
   * (the process running it died), and returns them, so their cards and the audit log say so.
   */
  failInterrupted(decidedBefore: number, result: unknown): Promise<ChangeRequest[]>;
  /** Undecided requests, oldest first. */
  listOpen(): Promise<ChangeRequest[]>;
}

export const AuditEntry = z.object({
  at: z.number(),
  userId: z.string(),
  channel: z.string(),
  commandText: z.string(),
  /** purge, prefetch, offline, approve, ... */
  action: z.string(),
  accountId: z.string().nullable(),
  domain: z.string().nullable(),
  /** requested, approved, rejected, done, failed, expired, cancelled, submitted, refused */
  outcome: z.string(),
  /** The provider's request or task id. */
  requestId: z.string().nullable(),
  detail: z.string().nullable(),
  changeId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditQuery {
  since: number;
  domain?: string | undefined;
  userId?: string | undefined;
  limit: number;
  offset: number;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  query(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }>;
  /**
   * Every entry recorded from `from` (inclusive) to `to` (exclusive), oldest first (in the order recorded, for one
   * instant), read a page at a time so an export of years never sits in memory whole.
   */
  between(range: { from: number; to: number }): AsyncIterable<AuditEntry>;
}

/** A digest added from Slack (`/cdn digest add`); digests from the config file are not stored. */
export const StoredDigest = z.object({
  name: z.string(),
  channel: z.string(),
  /** Five-field cron, read in the configured timezone. */
  schedule: z.string(),
  domains: z.union([z.literal('all'), z.array(z.string())]),
  /** The config's digest metrics (flux, bandwidth, request, statusCode, hitRate); opaque to the store. */
  metrics: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type StoredDigest = z.infer<typeof StoredDigest>;

export interface DigestRepository {
  /** Adds a digest in one statement; `false` (and nothing changed) when the name is taken. */
  add(digest: StoredDigest): Promise<boolean>;
  get(name: string): Promise<StoredDigest | undefined>;
  /** Every stored digest, by name. */
  list(): Promise<StoredDigest[]>;
  /** `false` when there was none of that name. */
  remove(name: string): Promise<boolean>;
}

/**
 * How a scheduled digest run went: `claimed` while it is being built and posted (and forever, if the process died
 * meanwhile: a run is posted at most once), then `posted`, `partial` (posted, but some domains had no figures or a
 * thread reply failed) or `failed` (nothing could be posted).
 */
export const DigestRunOutcome = z.enum(['claimed', 'posted', 'partial', 'failed']);
export type DigestRunOutcome = z.infer<typeof DigestRunOutcome>;

/** One scheduled run of a digest: claimed by exactly one process before anything is posted. */
export const DigestRun = z.object({
  name: z.string(),
  /** The scheduled instant, epoch ms: with `name`, the claim's key. */
  dueAt: z.number(),
  /** Which process won the claim (host, pid and a random part). */
  claimedBy: z.string(),
  claimedAt: z.number(),
  /**
   * While `claimed`: until when the holder's claim lasts unless renewed. After it, the holder is taken to have died
   * and another process may take the run over. `null` on claims made before leases existed (never taken over).
   */
  leaseUntil: z.number().nullable(),
  outcome: DigestRunOutcome,
  /** The posted message, so it can be found or edited later. */
  messageTs: z.string().nullable(),
  /** Why it failed, or which domains were missing. */
  detail: z.string().nullable(),
  finishedAt: z.number().nullable(),
});
export type DigestRun = z.infer<typeof DigestRun>;

/**
 * The tables claimed runs live in: digest runs, and watch evaluations (one per rule and interval), which are
 * claimed, leased and taken over exactly as digest runs are.
 */
export type RunTable = 'digest_runs' | 'watch_evaluations';

export interface DigestRunRepository {
  /**
   * Claims the run of `name` due at `dueAt` in one statement (an insert that a second insert of the same key loses):
   * `true` for exactly one caller however many processes, ticks or restarts try, `false` for every other.
   */
  claim(run: {
    name: string;
    dueAt: number;
    claimedBy: string;
    claimedAt: number;
    leaseUntil: number;
  }): Promise<boolean>;
  /** Extends the holder's claim; `false` when it no longer holds it (taken over, or finished). */
  renew(name: string, dueAt: number, claimedBy: string, leaseUntil: number): Promise<boolean>;
  /**
   * Takes over a run whose holder's lease ran out before `now` while still `claimed`, in one statement: the run as it
   * now is for exactly one caller, `undefined` for every other (or when the lease is still running).
   */
  takeOver(
    name: string,
    dueAt: number,
    claim: { claimedBy: string; claimedAt: number; leaseUntil: number; now: number },
  ): Promise<DigestRun | undefined>;
  /**
   * Claimed runs due at or after `dueFrom` whose lease ran out before `now`: their holder died mid-run.
   */
  abandoned(now: number, dueFrom: number): Promise<DigestRun[]>;
  /** Records the channel message as soon as it is posted, so a process taking the run over never posts it again. */
  recordPosted(name: string, dueAt: number, claimedBy: string, messageTs: string): Promise<void>;
  /** Gives the claim up now (shutting down mid-run), so another process may take it over without waiting. */
  release(name: string, dueAt: number, claimedBy: string, now: number): Promise<void>;
  /** Records how a claimed run ended; only the claim's holder calls it. */
  finish(
    name: string,
    dueAt: number,
    result: {
      outcome: Exclude<DigestRunOutcome, 'claimed'>;
      messageTs: string | null;
      detail: string | null;
      finishedAt: number;
    },
  ): Promise<void>;
  get(name: string, dueAt: number): Promise<DigestRun | undefined>;
  /** The most recent runs of a digest, latest due first. */
  recent(name: string, limit: number): Promise<DigestRun[]>;
}

/** A watch rule added from Slack (`/cdn watch add`); the config file's are not stored. */
export const StoredWatch = z.object({
  name: z.string(),
  channel: z.string(),
  /** The rule as the config schema's WatchRule reads it; opaque to the store, validated by its reader. */
  rule: z.unknown(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type StoredWatch = z.infer<typeof StoredWatch>;

export interface WatchRepository {
  /** Adds a rule in one statement; `false` (and nothing changed) when the name is taken. */
  add(watch: StoredWatch): Promise<boolean>;
  get(name: string): Promise<StoredWatch | undefined>;
  /** Every stored rule, by name. */
  list(): Promise<StoredWatch[]>;
  /** `false` when there was none of that name. */
  remove(name: string): Promise<boolean>;
}

/** A rule silenced until `until`, for one domain or (domain `*`) all of them. */
export const WatchMute = z.object({
  name: z.string(),
  domain: z.string(),
  until: z.number(),
  mutedBy: z.string(),
});
export type WatchMute = z.infer<typeof WatchMute>;

export interface WatchMuteRepository {
  /** Sets (or moves) the mute of `name` and `domain` in one statement. */
  mute(mute: WatchMute): Promise<void>;
  /** Mutes of `name` still running at `now`. */
  active(name: string, now: number): Promise<WatchMute[]>;
}

/**
 * One alert of one rule, from firing to resolved. `state` is the rule's evaluation state and the alert's shown
 * figures, opaque to the store; `version` makes every change a compare-and-set, so of two processes that read the
 * same version only one writes what it made of it.
 */
export const AlertRecord = z.object({
  /** `<rule>:<first interval>`: one alert per rule and start, however many processes evaluate that interval. */
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  /** `firing` from its first message on; `resolved` once it cleared. */
  phase: z.enum(['firing', 'resolved']),
  startedAt: z.number(),
  resolvedAt: z.number().nullable(),
  messageTs: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  state: z.unknown(),
  version: z.number(),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export interface AlertRepository {
  /** Opens an alert in one statement; `false` when one of that id exists (another process opened it first). */
  open(alert: Omit<AlertRecord, 'version' | 'resolvedAt' | 'messageTs' | 'acknowledgedBy'>): Promise<boolean>;
  get(id: string): Promise<AlertRecord | undefined>;
  /** The rule's alert still firing, if any. */
  firing(name: string): Promise<AlertRecord | undefined>;
  /** Every alert firing now, of any rule, oldest first. */
  allFiring(): Promise<AlertRecord[]>;
  /**
   * Writes `patch` when the alert is still at `version`, bumping it; the alert as it now is, or `undefined` when
   * another process changed it first.
   */
  update(
    id: string,
    version: number,
    patch: Partial<Pick<AlertRecord, 'phase' | 'resolvedAt' | 'messageTs' | 'acknowledgedBy' | 'state'>>,
  ): Promise<AlertRecord | undefined>;
  /** Alerts that started at or after `since`, of one rule or all, latest first. */
  recent(since: number, name: string | undefined, limit: number): Promise<AlertRecord[]>;
}

/**
 * A rule's evaluation state between intervals (which domains have held the condition since when): one row per rule,
 * changed by compare-and-set on `version` as alerts are.
 */
export interface WatchStateRepository {
  get(name: string): Promise<{ state: unknown; version: number } | undefined>;
  /** Writes `state` when the row is still at `version` (0: there is none yet); `false` when another process won. */
  put(name: string, version: number, state: unknown): Promise<boolean>;
}

/** A token bucket: up to `capacity` operations at once, refilled continuously at `refillPerSecond`. */
export const TokenBucket = z.object({
  capacity: z.number().finite().min(1),
  refillPerSecond: z.number().finite().positive(),
});
export type TokenBucket = z.infer<typeof TokenBucket>;

export const BudgetTake = z.object({
  granted: z.boolean(),
  /** 0 when granted; otherwise at least 1: how long until the bucket should hold a token again. */
  retryAfterMs: z.number(),
});
export type BudgetTake = z.infer<typeof BudgetTake>;

/**
 * A sliding-window budget: at most `limit` calls in any `windowMs`. A call counts from when it is granted until
 * `windowMs` after it is released (its answer came back), so however long it took to reach the provider, its
 * arrival there is inside the span counted; one never released counts for `holdMs` after its grant, then lapses.
 *
 * A call another taker released counts `skewMarginMs` longer: its answer time was read on another replica's clock,
 * which may be ahead of this one's. A taker's own calls need no margin; it reads them on the clock that wrote them.
 */
export const CallWindow = z.object({
  limit: z.int().min(1),
  windowMs: z.number().finite().positive(),
  holdMs: z.number().finite().positive(),
  skewMarginMs: z.number().finite().min(0).optional(),
});
export type CallWindow = z.infer<typeof CallWindow>;

/** One call in a sliding window: its id, and the taker (one clock) it was granted to. */
const CALL_NAME = /^[\w.:-]+$/;
/** Names go into the stored row's keys (and SQLite's JSON paths): letters, digits and `_ . : -` only. */
export const WindowCall = z.object({ id: z.string().regex(CALL_NAME), taker: z.string().regex(CALL_NAME) });
export type WindowCall = z.infer<typeof WindowCall>;

/**
 * Providers' request budgets, shared by every replica: one token bucket per key (account and action), kept in the
 * store so N replicas together stay within what one provider allows. The bucket's shape travels with each call, so
 * a changed config applies at once; only the tokens left and when they were counted are stored.
 */
export interface BudgetRepository {
  /**
   * Takes one token from `key`'s bucket (created full on first use) in one statement, so concurrent takers, in any
   * replica, never spend the same token. `now` from a clock behind the last taker's refills nothing.
   */
  take(key: string, bucket: TokenBucket, now: number): Promise<BudgetTake>;
  /**
   * Grants `call` a place in `key`'s sliding window when fewer than `window.limit` calls count at `now` (in
   * flight, or released within `windowMs` before `now`, plus the skew margin for other takers' calls), in one
   * statement, so concurrent takers in any replica never pass the limit together. A refusal says how long until a
   * place frees, as far as the store can tell.
   */
  takeCall(key: string, window: CallWindow, now: number, call: WindowCall): Promise<BudgetTake>;
  /**
   * Marks `call` answered: it counts until `until` (its answer plus the window and the skew margin, as every other
   * taker must see it) rather than until its hold lapses. Unknown or lapsed calls are ignored.
   */
  releaseCall(key: string, call: WindowCall, until: number): Promise<void>;
}

/**
 * Slack deliveries already taken on, by key (a hash of the delivery's payload), so a retry or replay of one runs
 * nothing, whichever replica it reaches and whether or not the process that took the first one still runs. Keys are
 * kept only as long as Slack may still send the same delivery again.
 */
export interface DeliveryRepository {
  /**
   * Claims `key` until `expiresAt` in one statement (an insert that a second insert of the same key loses): `true`
   * for exactly one caller however many processes try, `false` for every other while the claim lasts. A key whose
   * claim ran out before `now` may be claimed again.
   */
  claim(key: string, now: number, expiresAt: number): Promise<boolean>;
  /** Forgets every key whose claim ran out before `now`, so the table stays small; how many. */
  prune(now: number): Promise<number>;
}

/**
 * Rows that may be deleted once old, by what they are. Coordination rows only let replicas agree and let people look
 * back a little; the audit log is kept unless the operator chose otherwise (config `retention`):
 * - `digestRuns`: runs of digests due before the cutoff, however they ended;
 * - `followUps`: purge/prefetch follow-ups that ended (finished or gave up), submitted before the cutoff;
 * - `changeRequests`: change requests that ended (done, failed, rejected, cancelled, expired), made before the cutoff;
 * - `budgets`: provider token buckets nobody took from since the cutoff (a missing one is recreated full, as an
 *   idle one would be by then);
 * - `audit`: audit entries recorded before the cutoff.
 */
export const PrunableRows = z.enum([
  'digestRuns',
  'watchEvaluations',
  'followUps',
  'changeRequests',
  'budgets',
  'audit',
]);
export type PrunableRows = z.infer<typeof PrunableRows>;

export interface HousekeepingRepository {
  /**
   * Deletes up to `limit` of the `rows` older than `before` (epoch ms) in one statement and says how many. Deleting
   * is idempotent, so replicas pruning at once only share the work; bounded, so a store that ran for years is pruned
   * in short statements that never hold the database for long.
   */
  prune(rows: PrunableRows, before: number, limit: number): Promise<number>;
}

export interface Store {
  follows: FollowRepository;
  budgets: BudgetRepository;
  changes: ChangeRepository;
  audit: AuditRepository;
  digests: DigestRepository;
  digestRuns: DigestRunRepository;
  deliveries: DeliveryRepository;
  housekeeping: HousekeepingRepository;
  watches: WatchRepository;
  watchMutes: WatchMuteRepository;
  /** Each (rule, interval) evaluated once: claimed as digest runs are (name, dueAt = the interval's start). */
  watchEvaluations: DigestRunRepository;
  alerts: AlertRepository;
  watchStates: WatchStateRepository;
  /**
   * Resolves when the store answers a trivial statement, within a few seconds at most; rejects (PostgreSQL: with a
   * StoreUnavailableError) otherwise. Cheap enough for a health check polled every few seconds.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
