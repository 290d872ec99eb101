import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../dispatch/command-context.ts';
import type { Reply } from '../messaging/message.ts';
import { describeUrl } from '../providers/domain-name.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural } from '../render/format.ts';
import { executePlan } from './execute-plan.ts';
import { normalizeTargets } from './normalize-targets.ts';
import { planSubmission, type SubmissionPlan } from './plan-submission.ts';
import { ITEM_NOUN, renderSubmission } from './render-submission.ts';
import type { Operation, Submission } from './submission.ts';
import type { TaskFollower } from './task-follower.ts';

/** A command's context plus the follower that takes each submission to its end. */
export type FollowingContext = CommandContext & { follower: Pick<TaskFollower, 'follow'> };

/**
 * Purge and prefetch share one flow: validate the URLs, plan against live quota, then either show the plan
 * (--dry-run) or send it, post the result for the channel and follow the tasks until they end.
 */
export async function submitCacheOperation(
  ctx: FollowingContext,
  input: {
    operation: Operation;
    inputs: readonly string[];
    flushType?: 'flush' | 'delete';
    dryRun: boolean;
    command: string;
    /** Check the edges once the tasks finish (URL purges only). */
    verify?: boolean;
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

  const submission: Submission = {
    // Named before posting: the message's buttons may refer to it.
    id: randomUUID(),
    ...(await executePlan(plan, {
      requestedBy: ctx.caller.userId,
      submittedAt: ctx.clock.now(),
      ...(input.flushType ? { flushType: input.flushType } : {}),
    })),
    ...(input.verify ? { verify: true } : {}),
  };
  const ref = await ctx.messenger.post(ctx.caller.channelId, renderSubmission(submission), {
    ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}),
  });
  await ctx.follower.follow(submission, ref);
  await auditSubmission(ctx, input.operation, submission);
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
      ...chunk.items.slice(0, 10).map((item) => `      ${escapeMrkdwn(describeUrl(item))}`),
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

/** One audit line per account and domain, with the provider's task ids, so `/cdn audit --domain` finds purges. */
async function auditSubmission(
  ctx: CommandContext,
  operation: Operation,
  submission: Submission,
): Promise<void> {
  const action = operation === 'prefetch' ? 'prefetch' : 'purge';
  for (const account of submission.accounts) {
    const byDomain = new Map<
      string,
      { tasks: Set<string>; items: number; refused: number; reconciled: boolean }
    >();
    const entry = (item: string) => {
      const domain = hostOf(item);
      const existing = byDomain.get(domain) ?? {
        tasks: new Set<string>(),
        items: 0,
        refused: 0,
        reconciled: false,
      };
      byDomain.set(domain, existing);
      return existing;
    };
    for (const task of account.tasks) {
      for (const item of task.items) {
        const record = entry(item);
        if (task.taskId) record.tasks.add(task.taskId);
        record.items += 1;
        if (task.reconciled) record.reconciled = true;
      }
    }
    for (const refusal of account.rejected) {
      for (const item of refusal.items) {
        const record = entry(item);
        record.refused += 1;
        if (refusal.error.reconciled) record.reconciled = true;
      }
    }
    for (const [domain, record] of byDomain) {
      await ctx.store.audit.append({
        at: submission.submittedAt,
        userId: ctx.caller.userId,
        channel: ctx.caller.channelId,
        commandText: ctx.commandText,
        action,
        accountId: account.accountId,
        domain,
        outcome: record.items > 0 ? 'submitted' : 'failed',
        requestId: [...record.tasks].join(', ') || null,
        detail: `${record.items} sent${record.refused > 0 ? `, ${record.refused} refused by the provider` : ''}${record.reconciled ? `; outcome reconciled: the answer was lost, ${record.items > 0 ? 'the task was found in the provider’s task list' : 'the provider has no task for it, so it was not applied'}` : ''}`,
        changeId: null,
      });
    }
  }
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname.toLowerCase() : url;
}
