/**
 * The state cdnops keeps, behind async repositories so the embedded SQLite store and a shared server database can
 * both implement them. Nothing here may assume a single process: every state change is one atomic statement.
 */
import { z } from 'zod';

export const FollowState = z.enum(['following', 'finished', 'gave_up']);
export type FollowState = z.infer<typeof FollowState>;

/** A submitted purge/prefetch whose tasks are polled until they end, then its Slack message is edited. */
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
});
export type FollowedSubmission = z.infer<typeof FollowedSubmission>;

export interface FollowRepository {
  add(submission: FollowedSubmission): Promise<void>;
  /** Submissions still being followed whose next poll is due at `now`, oldest first. */
  due(now: number, limit: number): Promise<FollowedSubmission[]>;
  /** The earliest next poll among submissions still being followed. */
  nextDueAt(): Promise<number | undefined>;
  reschedule(id: string, nextPollAt: number, polls: number, payload: unknown): Promise<void>;
  finish(id: string, state: Exclude<FollowState, 'following'>, payload: unknown): Promise<void>;
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
}

export interface Store {
  follows: FollowRepository;
  changes: ChangeRepository;
  audit: AuditRepository;
  close(): Promise<void>;
}
