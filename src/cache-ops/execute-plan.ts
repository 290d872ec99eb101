import { ProviderError } from '../errors.ts';
import { mapConcurrent } from '../util/map-concurrent.ts';
import type { SubmissionPlan } from './plan-submission.ts';
import type { AccountSubmission, ErrorSummary, Submission } from './submission.ts';

/**
 * Requests in flight per account: as many as Tencent's documented 20 calls a second answers at once, so a
 * 10,000-URL purge (ten requests) goes out together rather than in rounds. Beyond that the provider's own pacing
 * keeps each action within its budget.
 */
const CONCURRENCY_PER_ACCOUNT = 20;

/**
 * Sends every chunk of a plan. Accounts run in parallel; a chunk the provider refuses is recorded with the
 * provider's error and the rest still go, so one bad batch never hides what did get purged.
 */
export async function executePlan(
  plan: SubmissionPlan,
  meta: { requestedBy: string; submittedAt: number; flushType?: 'flush' | 'delete' },
): Promise<Submission> {
  const accounts = await Promise.all(
    plan.accounts.map(async (account): Promise<AccountSubmission> => {
      const results = await mapConcurrent(account.chunks, CONCURRENCY_PER_ACCOUNT, (chunk) => {
        const options = { urlEncode: chunk.urlEncode, ...(chunk.area ? { area: chunk.area } : {}) };
        switch (plan.operation) {
          case 'purge-url':
            return account.provider.purgeUrls(chunk.items, options);
          case 'purge-dir':
            return account.provider.purgeDirs(chunk.items, {
              ...options,
              flushType: meta.flushType ?? 'flush',
            });
          case 'prefetch':
            return account.provider.prefetchUrls(chunk.items, options);
        }
      });
      const submission: AccountSubmission = {
        accountId: account.accountId,
        tasks: [],
        rejected: [],
        quotaLeft: account.quotaAfter.map((quota) => ({ ...quota })),
      };
      results.forEach((result, index) => {
        const items = account.chunks[index]!.items;
        if (result.status === 'fulfilled') {
          const { taskId, reconciled, since } = result.value;
          submission.tasks.push({
            taskId,
            items,
            state: 'process',
            failedItems: [],
            ...(reconciled ? { reconciled: true } : {}),
            ...(since !== undefined ? { since } : {}),
          });
        } else {
          submission.rejected.push({ items, error: summarizeError(result.reason) });
          // Refused items did not use quota.
          for (const quota of submission.quotaLeft) quota.available += items.length;
        }
      });
      return submission;
    }),
  );
  return {
    operation: plan.operation,
    flushType: meta.flushType,
    requestedBy: meta.requestedBy,
    submittedAt: meta.submittedAt,
    accounts,
    outcome: 'following',
  };
}

export function summarizeError(error: unknown): ErrorSummary {
  if (error instanceof ProviderError) {
    return {
      code: error.providerCode,
      message: error.message,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      ...(error.reconciled ? { reconciled: true } : {}),
    };
  }
  return { code: 'InternalError', message: error instanceof Error ? error.message : String(error) };
}
