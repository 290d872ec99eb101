/**
 * The one path every change command takes after parsing: find the account, read the domain's current state
 * fresh from the provider, build the plan, check the state rules, and then either show the plan (--dry-run), ask
 * the requester to confirm it, or post an approval card for a second person (actions in approvals.actions).
 */
import type { CommandContext } from '../dispatch/command-context.ts';
import { PermissionError, UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import type { CdnProvider, DomainDetail } from '../providers/types.ts';
import { section, sectionsFromLines } from '../render/blocks.ts';
import { escapeMrkdwn } from '../render/format.ts';
import type { ChangeRequest } from '../store/store.ts';
import { newChangeId } from './change-id.ts';
import type { PlannedChange } from './change-plan.ts';
import { checkStateRules } from './check-state-rules.ts';
import { describeDuration } from './describe-duration.ts';
import { changeOperation } from './execute-change.ts';
import { findDomain } from './find-domain.ts';
import { renderApprovalCard, renderConfirmation } from './render-change.ts';

/** How long a requester has to press Confirm on their own preview. */
const CONFIRMATION_WINDOW_MS = 15 * 60_000;

export interface ChangeTarget {
  accountId: string;
  provider: CdnProvider;
  domain: string;
  /** How replies name it: as typed, with the listed (punycode) or Unicode form beside it when they differ. */
  shown: string;
  /** The domain as the provider describes it now; undefined when it does not exist (add). */
  detail: DomainDetail | undefined;
}

export async function requestChange(
  ctx: CommandContext,
  input: {
    /** The approvals.actions name: offline, delete, online, add, cache, referer, config, project. */
    action: string;
    domain: string;
    dryRun: boolean;
    /** For add: which account gets the new domain. */
    accountId?: string;
    plan(target: ChangeTarget): PlannedChange;
  },
): Promise<Reply | undefined> {
  const target = await findTarget(ctx, input.domain, input.action, input.accountId);
  const planned = input.plan(target);
  // Whether this provider can do it at all, before anyone is shown a preview or asked to confirm.
  changeOperation(target.provider, target.domain, planned.plan);
  checkStateRules(planned.plan, target.domain, target.detail?.status);

  if (input.dryRun) {
    const lines = [
      `:mag: *Dry run:* ${escapeMrkdwn(planned.summary)}. Nothing was sent.`,
      `Status now: ${planned.statusBefore}`,
      ...planned.preview.map(escapeMrkdwn),
      `_${escapeMrkdwn(planned.consequence)}_`,
      ctx.approvals.actions.includes(input.action)
        ? 'Without --dry-run this would need a second person’s approval.'
        : 'Without --dry-run you would be asked to confirm.',
    ];
    return { visibility: 'ephemeral', text: `Dry run: ${planned.summary}`, blocks: sectionsFromLines(lines) };
  }

  const needsApproval = ctx.approvals.actions.includes(input.action);
  if (ctx.terminal) refuseFromTerminal(ctx, planned, needsApproval);
  const now = ctx.clock.now();
  const request: ChangeRequest = {
    id: newChangeId(),
    action: input.action,
    accountId: target.accountId,
    domain: target.domain,
    requestedBy: ctx.caller.userId,
    channel: ctx.caller.channelId,
    commandText: ctx.commandText,
    plan: planned,
    state: needsApproval ? 'pending_approval' : 'awaiting_confirmation',
    createdAt: now,
    expiresAt: now + (needsApproval ? ctx.approvals.expiresAfterMs : CONFIRMATION_WINDOW_MS),
    decidedBy: null,
    decidedAt: null,
    messageTs: null,
    responseUrl: null,
    result: null,
  };
  await ctx.store.changes.create(request);
  await ctx.store.audit.append({
    at: now,
    userId: ctx.caller.userId,
    channel: ctx.caller.channelId,
    commandText: ctx.commandText,
    action: input.action,
    accountId: target.accountId,
    domain: target.domain,
    outcome: needsApproval ? 'requested' : 'previewed',
    requestId: null,
    detail: planned.summary,
    changeId: request.id,
  });

  if (!needsApproval) return { visibility: 'ephemeral', ...renderConfirmation(request) };

  const ref = await ctx.messenger.post(
    ctx.caller.channelId,
    renderApprovalCard(request, describeDuration(ctx.approvals.expiresAfterMs)),
    ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {},
  );
  await ctx.store.changes.setMessage(request.id, ref.ts, ref.responseUrl);
  return {
    visibility: 'ephemeral',
    text: `Asked for approval: request ${request.id}`,
    blocks: [
      section(
        `:hourglass_flowing_sand: Request \`${request.id}\` waits for approval by ${ctx.approvals.approvers?.length ? ctx.approvals.approvers.map((user) => `<@${user}>`).join(', ') : 'an admin'} (not you). You will be told in the card's thread.`,
      ),
    ],
  };
}

/**
 * The command line can neither click Confirm nor wait for a second person: its store ends with the process. So it
 * creates no request, shows what would change, and says how to get it done in Slack.
 */
function refuseFromTerminal(ctx: CommandContext, planned: PlannedChange, needsApproval: boolean): never {
  // Not in code marks: the command line shows commands in code as its own (`cdnops …`), and this one is Slack's.
  const slack = `"/cdn ${escapeMrkdwn(ctx.commandText)}"`;
  throw new PermissionError(
    [
      needsApproval
        ? `Nothing was changed: ${escapeMrkdwn(planned.summary)} needs a second person's approval, which the command line cannot ask for.`
        : `Nothing was changed: ${escapeMrkdwn(planned.summary)} needs a Confirm click, which the command line cannot give.`,
      `Status now: ${planned.statusBefore}`,
      ...planned.preview.map(escapeMrkdwn),
      needsApproval
        ? `To get it done, run ${slack} in an allowed Slack channel; ${ctx.approvals.approvers?.length ? 'one of the approvers' : 'another admin'} then approves it there (the Approve button, or /cdn approve with the request's id).`
        : `To apply it, run ${slack} in an allowed Slack channel and press Confirm.`,
    ].join('\n'),
  );
}

async function findTarget(
  ctx: CommandContext,
  domain: string,
  action: string,
  accountId: string | undefined,
): Promise<ChangeTarget> {
  if (action === 'add') {
    const name = requireDomainName(domain);
    const account = accountId ?? (ctx.caller.accounts.length === 1 ? ctx.caller.accounts[0] : undefined);
    if (!account || !ctx.caller.accounts.includes(account)) {
      throw new UsageError(
        accountId
          ? `This channel may not use an account named \`${accountId}\`.`
          : 'Say which account gets the new domain.',
        `Add --account with one of: ${ctx.caller.accounts.map((id) => `\`${id}\``).join(', ')}.`,
      );
    }
    const resolution = await ctx.inventory.resolve([name], ctx.caller.accounts);
    const existing = resolution.found.get(name);
    if (existing)
      throw new UsageError(
        `\`${describeDomain(domain, existing.summary.domain)}\` already exists on ${existing.accountId} (${existing.summary.status}).`,
      );
    return {
      accountId: account,
      provider: ctx.providers.get(account)!,
      domain: name,
      shown: describeDomain(domain, name),
      detail: undefined,
    };
  }
  // Fresh, not from the inventory cache: state rules must hold now, not five minutes ago.
  const { accountId: owner, provider, detail, shown } = await findDomain(ctx, domain);
  return { accountId: owner, provider, domain: detail.domain, shown, detail };
}
