import type { CommandContext } from '../commands/command-context.ts';
import type { Reply } from '../messaging/message.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural } from '../render/format.ts';
import { executePlan } from './execute-plan.ts';
import { normalizeTargets } from './normalize-targets.ts';
import { planSubmission, type SubmissionPlan } from './plan-submission.ts';
import { ITEM_NOUN, renderSubmission } from './render-submission.ts';
import type { Operation } from './submission.ts';

/**
 * Purge and prefetch share one flow: validate the URLs, plan against live quota, then either show the plan
 * (--dry-run) or send it, post the result for the channel and follow the tasks until they end.
 */
export async function submitCacheOperation(
  ctx: CommandContext,
  input: {
    operation: Operation;
    inputs: readonly string[];
    flushType?: 'flush' | 'delete';
    dryRun: boolean;
    command: string;
  },
): Promise<Reply | undefined> {
  const { targets, duplicates } = normalizeTargets(input.inputs, {
    directories: input.operation === 'purge-dir',
    command: input.command,
  });
  const plan = await planSubmission({
    operation: input.operation,
    targets,
    accountIds: ctx.caller.accounts,
    providers: ctx.providers,
    inventory: ctx.inventory,
  });
  if (input.dryRun) return renderPlan(plan, duplicates, input.flushType);

  const submission = await executePlan(plan, {
    requestedBy: ctx.caller.userId,
    submittedAt: ctx.clock.now(),
    ...(input.flushType ? { flushType: input.flushType } : {}),
  });
  const ref = await ctx.messenger.post(ctx.caller.channelId, renderSubmission(submission), {
    ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}),
  });
  await ctx.follower.follow(submission, ref);
  ctx.logger.info('cache operation submitted', {
    operation: input.operation,
    user: ctx.caller.userId,
    channel: ctx.caller.channelId,
    accounts: submission.accounts.map((account) => ({
      account: account.accountId,
      tasks: account.tasks.map((task) => task.taskId),
      rejected: account.rejected.length,
    })),
  });
  if (duplicates > 0) {
    return { visibility: 'ephemeral', text: `${plural(duplicates, 'duplicate')} dropped before sending.` };
  }
  return undefined;
}

const VERBS: Readonly<Record<Operation, string>> = {
  'purge-url': 'purge',
  'purge-dir': 'purge',
  prefetch: 'prefetch',
};

function renderPlan(plan: SubmissionPlan, duplicates: number, flushType?: 'flush' | 'delete'): Reply {
  const requests = plan.accounts.reduce((sum, account) => sum + account.chunks.length, 0);
  const [one, many] = ITEM_NOUN[plan.operation];
  const mode =
    flushType === 'delete'
      ? ' (everything under each directory)'
      : flushType === 'flush'
        ? ' (changed files)'
        : '';
  const lines = [
    `:mag: *Dry run*: would ${VERBS[plan.operation]} ${plural(plan.itemCount, one, many)}${mode} in ${plural(requests, 'request')}. Nothing was sent.`,
  ];
  if (duplicates > 0) lines.push(`${plural(duplicates, 'duplicate')} dropped.`);
  const blocks = [section(lines.join('\n'))];
  for (const account of plan.accounts) {
    const accountLines = account.chunks.flatMap((chunk, index) => [
      `${code(account.accountId)} request ${index + 1}: ${plural(chunk.items.length, one, many)}${chunk.urlEncode ? ' (non-ASCII: provider encodes)' : ''}`,
      ...chunk.items.slice(0, 10).map((item) => `      ${escapeMrkdwn(item)}`),
      ...(chunk.items.length > 10 ? [`      … and ${formatCount(chunk.items.length - 10)} more`] : []),
    ]);
    blocks.push(...sectionsFromLines(accountLines));
    blocks.push(
      context(
        `Quota left afterwards on ${account.accountId}: ${account.quotaAfter.map((quota) => `${quota.area} ${formatCount(quota.available)} of ${formatCount(quota.total)}`).join(', ')}`,
      ),
    );
  }
  return {
    visibility: 'ephemeral',
    text: `Dry run: would ${VERBS[plan.operation]} ${plural(plan.itemCount, one, many)}`,
    blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
  };
}
