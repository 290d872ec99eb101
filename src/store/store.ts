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

export interface Store {
  follows: FollowRepository;
  close(): Promise<void>;
}
