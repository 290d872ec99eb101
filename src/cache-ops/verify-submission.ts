import { type CheckSettings, checkOptions } from '../check/check-settings.ts';
import type { AccountUrl } from '../check/describe-check-targets.ts';
import type { Logger } from '../logger.ts';
import type { Messenger } from '../messaging/message.ts';
import type { CdnProvider } from '../providers/types.ts';
import { renderSubmission, type Verification } from './render-submission.ts';
import { MAX_VERIFIED_URLS, type Submission } from './submission.ts';
import type { AfterFinish } from './task-follower.ts';

/**
 * What runs after a `purge --verify` finished: checks the edges of up to MAX_VERIFIED_URLS of its URLs and edits
 * the result to show what they serve. Other submissions pass through untouched.
 */
export function verifyAfterFinish(deps: {
  providers: ReadonlyMap<string, CdnProvider>;
  messenger: Messenger;
  settings: CheckSettings;
  logger: Logger;
}): AfterFinish {
  return async (submission, ref) => {
    if (!submission.verify || submission.operation !== 'purge-url') return;
    const urls = urlsToVerify(submission);
    if (urls.length === 0) return;
    let verification: Verification;
    try {
      // Loaded by the first `--verify`, not at start-up.
      const [{ describeCheckTargets }, { checkUrls }] = await Promise.all([
        import('../check/describe-check-targets.ts'),
        import('../check/check-urls.ts'),
      ]);
      const targets = await describeCheckTargets(urls, deps.providers);
      verification = { checks: await checkUrls(targets, checkOptions(deps.settings)) };
    } catch (error) {
      // Only describing the domains can fail (checkUrls reports every failure in its result): say so on the message.
      deps.logger.warn('could not verify a purge', { id: submission.id, error });
      verification = { error: error instanceof Error ? error.message : String(error) };
    }
    await deps.messenger.update(ref, renderSubmission(submission, verification));
  };
}

/**
 * The purged URLs to check, those the provider reported done first: they are the ones expected fresh. Failed ones
 * fill the rest, since their edges showing the old copy is worth seeing too.
 */
function urlsToVerify(submission: Submission): AccountUrl[] {
  const done: AccountUrl[] = [];
  const failed: AccountUrl[] = [];
  for (const account of submission.accounts) {
    for (const task of account.tasks) {
      const failedItems = new Set(task.failedItems);
      for (const url of task.items) {
        if (!URL.canParse(url)) continue;
        const entry = { url, accountId: account.accountId };
        if (task.state === 'fail' || failedItems.has(url)) failed.push(entry);
        else done.push(entry);
      }
    }
  }
  return [...done, ...failed].slice(0, MAX_VERIFIED_URLS);
}
