import { plainHeadline, renderCheckParts } from '../check/render-check.ts';
import type { UrlCheck } from '../check/types.ts';
import type { Block, Message } from '../messaging/message.ts';
import { describeUrl } from '../providers/domain-name.ts';
import { context, divider, fitBlocks, MAX_BLOCKS, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural } from '../render/format.ts';
import { purgeResultButtons } from './purge-result-buttons.ts';
import type { AccountSubmission, Submission, SubmittedTaskState } from './submission.ts';

const LISTED_ITEMS = 10;

/** What one item of each operation is called. */
export const ITEM_NOUN: Readonly<Record<Submission['operation'], [string, string]>> = {
  'purge-url': ['URL', 'URLs'],
  'purge-dir': ['directory', 'directories'],
  prefetch: ['URL', 'URLs'],
};

const TITLES: Readonly<Record<Submission['operation'], string>> = {
  'purge-url': 'Purge',
  'purge-dir': 'Directory purge',
  prefetch: 'Prefetch',
};

/** What checking the edges after a `purge --verify` found: the checks, or why there are none. */
export type Verification = { checks: UrlCheck[] } | { error: string };

/** Blocks a verified purge keeps for the check: 5 URLs of up to 16 edges each, with room to spare. */
const CHECK_BLOCKS = 25;

/**
 * The message for a submitted purge/prefetch; re-rendered as its tasks progress, and once more with the edge check
 * of a `purge --verify`, whose stale edges then lead the message.
 */
export function renderSubmission(submission: Submission, verification?: Verification): Message {
  const tasks = submission.accounts.flatMap((account) => account.tasks);
  const items = tasks.reduce((sum, task) => sum + task.items.length, 0);
  const rejected = submission.accounts.flatMap((account) => account.rejected);
  const failedItems = tasks.flatMap((task) => task.failedItems);
  const title = TITLES[submission.operation];
  const mode =
    submission.operation === 'purge-dir' && submission.flushType === 'delete' ? ' (everything)' : '';

  const status = overallStatus(submission, tasks, failedItems.length);
  const [one, many] = ITEM_NOUN[submission.operation];
  const headline = `${status.emoji} *${title}${mode}* of ${plural(items + rejected.reduce((n, r) => n + r.items.length, 0), one, many)} requested by <@${submission.requestedBy}>: ${status.text}`;

  const blocks = [section(headline)];
  for (const account of submission.accounts) {
    blocks.push(...renderAccount(account, one, many));
  }
  if (tasks.length === 0) {
    // Every chunk was refused: no task exists, so nothing is followed and nothing will change this message.
    blocks.push(
      context(
        `The provider accepted nothing, so nothing was ${submission.operation === 'prefetch' ? 'prefetched' : 'purged'} and nothing will follow.`,
      ),
    );
  } else if (submission.outcome === 'following') {
    blocks.push(
      context(
        submission.verify
          ? 'Following the tasks; this message is updated when they finish, and then the edges are checked.'
          : 'Following the tasks; this message is updated when they finish.',
      ),
    );
  } else if (submission.outcome === 'finished' && submission.verify && verification === undefined) {
    blocks.push(context(':mag: Checking the edges…'));
  } else if (submission.outcome === 'gave_up') {
    const running = tasks.find((task) => task.state === 'process');
    // A task found after a lost answer may have no id to look up; the history by time still lists its URLs.
    const where = running?.taskId ? `/cdn purges --task ${running.taskId}` : '/cdn purges';
    blocks.push(
      context(`Stopped following after the tasks were still running; check later with \`${where}\`.`),
    );
  }
  const buttons = purgeResultButtons(submission);
  const check = verificationBlocks(verification);
  const note = (hidden: number) => `${hidden} more blocks not shown.`;
  const room = MAX_BLOCKS - (buttons ? 1 : 0) - check.top.length - check.bottom.length;
  return {
    text: `${title}: ${status.text}${check.text}`,
    // The check's call-out leads, its detail follows the tasks, and the buttons come last; only the task list is cut.
    blocks: [...check.top, ...fitBlocks(blocks, note, room), ...check.bottom, ...(buttons ? [buttons] : [])],
  };
}

function verificationBlocks(verification: Verification | undefined): {
  top: Block[];
  bottom: Block[];
  text: string;
} {
  if (verification === undefined) return { top: [], bottom: [], text: '' };
  if ('error' in verification) {
    return {
      top: [],
      bottom: [
        divider(),
        context(`:warning: The edges could not be checked: ${escapeMrkdwn(verification.error)}`),
      ],
      text: '. The edges could not be checked.',
    };
  }
  const { callout, body } = renderCheckParts(verification.checks, CHECK_BLOCKS);
  return { top: callout, bottom: [divider(), ...body], text: `. ${plainHeadline(verification.checks)}` };
}

function overallStatus(
  submission: Submission,
  tasks: SubmittedTaskState[],
  failed: number,
): { emoji: string; text: string } {
  const rejected = submission.accounts.some((account) => account.rejected.length > 0);
  if (tasks.length === 0) return { emoji: ':x:', text: 'refused by the provider' };
  if (submission.outcome === 'finished') {
    if (failed > 0 || rejected)
      return { emoji: ':warning:', text: `finished with ${plural(failed, 'failure')}` };
    return { emoji: ':white_check_mark:', text: 'done' };
  }
  if (submission.outcome === 'gave_up') return { emoji: ':hourglass:', text: 'still running' };
  return { emoji: ':hourglass_flowing_sand:', text: rejected ? 'submitted in part' : 'submitted' };
}

function renderAccount(account: AccountSubmission, one: string, many: string) {
  const lines: string[] = [];
  for (const task of account.tasks) {
    lines.push(
      `${taskEmoji(task)} ${code(account.accountId)} task ${task.taskId ? code(task.taskId) : '(id not returned by the provider)'} · ${plural(task.items.length, one, many)} · ${taskWord(task, one, many)}`,
    );
    if (task.reconciled) {
      lines.push(
        '      outcome reconciled: the connection dropped before the provider answered; this task was found in its task list, nothing was sent twice',
      );
    }
    const shown = task.state === 'fail' || task.failedItems.length > 0 ? task.failedItems : task.items;
    const label = task.failedItems.length > 0 ? 'failed: ' : '';
    // An international host reads in Unicode, with the punycode the provider was sent beside it.
    for (const item of shown.slice(0, LISTED_ITEMS))
      lines.push(`      ${label}${escapeMrkdwn(describeUrl(item))}`);
    if (shown.length > LISTED_ITEMS)
      lines.push(`      … and ${formatCount(shown.length - LISTED_ITEMS)} more`);
  }
  for (const refusal of account.rejected) {
    lines.push(
      `:x: ${code(account.accountId)} refused ${plural(refusal.items.length, one, many)}: ${code(refusal.error.code)} ${escapeMrkdwn(refusal.error.message)}${refusal.error.requestId ? ` (request id ${code(refusal.error.requestId)})` : ''}`,
    );
  }
  const blocks = sectionsFromLines(lines);
  if (account.quotaLeft.length > 0) {
    blocks.push(
      context(
        `Quota left today on ${account.accountId}: ${account.quotaLeft.map((quota) => `${quota.area} ${formatCount(quota.available)} of ${formatCount(quota.total)}`).join(', ')}`,
      ),
    );
  }
  return blocks;
}

function taskEmoji(task: SubmittedTaskState): string {
  if (task.state === 'done' && task.failedItems.length === 0) return ':white_check_mark:';
  if (task.state === 'process') return ':hourglass_flowing_sand:';
  return ':x:';
}

function taskWord(task: SubmittedTaskState, one: string, many: string): string {
  if (task.state === 'process') return 'in progress';
  if (task.failedItems.length > 0) return `${plural(task.failedItems.length, one, many)} failed`;
  return task.state === 'done' ? 'done' : 'failed';
}
