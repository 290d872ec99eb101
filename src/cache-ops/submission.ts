/**
 * A purge or prefetch as sent and followed: which account got which items under which task id, what failed, and
 * how the tasks ended. Stored with the followed message and re-rendered on every change, so it is a schema.
 */
import * as z from 'zod';

export const Operation = z.enum(['purge-url', 'purge-dir', 'prefetch']);
export type Operation = z.infer<typeof Operation>;

export const ErrorSummary = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
  /** The failure was ambiguous; the provider's state showed the request was not applied. */
  reconciled: z.boolean().optional(),
});
export type ErrorSummary = z.infer<typeof ErrorSummary>;

export const SubmittedTaskState = z.object({
  /** Empty when the provider could not name the task: then `since` is set. */
  taskId: z.string(),
  items: z.array(z.string()),
  state: z.enum(['process', 'done', 'fail']),
  failedItems: z.array(z.string()).default([]),
  /** The answer to the submission was lost; the task was found in the provider's task list afterwards. */
  reconciled: z.boolean().optional(),
  /** A task found without its id: followed by its URLs among the tasks created since then (epoch ms). */
  since: z.number().optional(),
});
export type SubmittedTaskState = z.infer<typeof SubmittedTaskState>;

export const AccountSubmission = z.object({
  accountId: z.string(),
  tasks: z.array(SubmittedTaskState),
  /** Chunks the provider refused: never sent again automatically. */
  rejected: z.array(z.object({ items: z.array(z.string()), error: ErrorSummary })),
  /** Quota left after this submission, per area, as far as we know. */
  quotaLeft: z.array(z.object({ area: z.string(), available: z.number(), total: z.number() })),
});
export type AccountSubmission = z.infer<typeof AccountSubmission>;

export const Submission = z.object({
  /**
   * The id it is followed under in the store, set before the message is posted so the message's buttons can name
   * it when the list is too long to carry (see purge-result-buttons.ts).
   */
  id: z.string().optional(),
  operation: Operation,
  flushType: z.enum(['flush', 'delete']).optional(),
  requestedBy: z.string(),
  submittedAt: z.number(),
  accounts: z.array(AccountSubmission),
  /** `purge --verify`: once every task ended, the edges of some of the URLs are checked and shown on the message. */
  verify: z.boolean().optional(),
  /** Set once following stopped: every task ended, or we gave up waiting. */
  outcome: z.enum(['following', 'finished', 'gave_up']).default('following'),
  finishedAt: z.number().optional(),
});
export type Submission = z.infer<typeof Submission>;

/** URLs a verification (and the "Check edges" button) checks: enough to see whether a purge took, quickly. */
export const MAX_VERIFIED_URLS = 5;

export function pendingTasks(submission: Submission): { accountId: string; task: SubmittedTaskState }[] {
  return submission.accounts.flatMap((account) =>
    account.tasks
      .filter((task) => task.state === 'process')
      .map((task) => ({ accountId: account.accountId, task })),
  );
}
