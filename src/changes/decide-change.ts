/**
 * What happens when someone presses Confirm, Cancel, Approve or Reject (or types `/cdn approve <id>`): check that
 * this person may decide, move the request with one atomic transition (so a second click, a second approver or
 * another replica finds it already decided), re-check the domain's state, run the change, and tell everyone how it
 * ended: the card or preview is edited, the requester is told in the card's thread, the audit log gets a line.
 */
import { summarizeError } from '../cache-ops/execute-plan.ts';
import type { Services } from '../dispatch/command-context.ts';
import { UnsupportedError, UsageError } from '../errors.ts';
import type { Message } from '../messaging/message.ts';
import { section } from '../render/blocks.ts';
import type { ChangeRequest, ChangeState } from '../store/store.ts';
import { authorizeDecision, type Decision } from './authorize-decision.ts';
import { PlannedChange } from './change-plan.ts';
import { checkStateRules } from './check-state-rules.ts';
import { executeChange } from './execute-change.ts';
import { renderOutcome } from './render-change.ts';

const OPEN: readonly ChangeState[] = ['awaiting_confirmation', 'pending_approval'];

export interface DecisionInput {
  changeId: string;
  decision: Decision;
  userId: string;
  /** The response_url of a click on the requester's own (ephemeral) preview, which can only be edited through it. */
  previewResponseUrl?: string | undefined;
}

/**
 * Takes one decision on a request and runs what it sets off; resolves with the decision as taken: a requester's
 * Reject of their own request is taken as withdrawing it (`cancel`).
 */
export async function decideChange(services: Services, input: DecisionInput): Promise<Decision> {
  const { store, clock } = services;
  const request = await store.changes.get(input.changeId.toUpperCase());
  if (!request) {
    throw new UsageError(
      `There is no change request \`${input.changeId}\`.`,
      'The id is on the card, e.g. `/cdn approve K7F3Q2`.',
    );
  }
  const caller = await services.guardrails.resolveCaller(input.userId, request.channel);
  // Only approving needs someone else: whoever asked may always withdraw a request still waiting.
  const decision: Decision =
    input.decision === 'reject' && caller.userId === request.requestedBy ? 'cancel' : input.decision;
  authorizeDecision(services, request, decision, caller.userId, caller.role);

  if (OPEN.includes(request.state) && clock.now() >= request.expiresAt) {
    const expired = await store.changes.transition(request.id, OPEN, 'expired');
    if (expired) await finish(services, expired, 'expired', input.previewResponseUrl);
    throw new UsageError(
      `Change request \`${request.id}\` expired before it was decided; ask again if it is still needed.`,
    );
  }

  const now = clock.now();
  const decided = await store.changes.transition(request.id, FROM_STATES[decision], TARGET_STATE[decision], {
    decidedBy: caller.userId,
    decidedAt: now,
  });
  if (!decided) {
    const current = await store.changes.get(request.id);
    throw new UsageError(
      `Change request \`${request.id}\` was already ${current?.state.replace('_', ' ')}${current?.decidedBy ? ` by <@${current.decidedBy}>` : ''}; nothing more was done.`,
    );
  }
  await audit(
    services,
    decided,
    caller.userId,
    decision === 'confirm' ? 'confirmed' : decided.state,
    null,
    null,
  );

  if (decided.state === 'rejected' || decided.state === 'cancelled') {
    await finish(services, decided, decided.state, input.previewResponseUrl);
    return decision;
  }
  const running =
    decided.state === 'approved'
      ? await store.changes.transition(decided.id, ['approved'], 'running')
      : decided;
  if (!running) return decision;
  await updateMessage(services, running, input.previewResponseUrl);
  await run(services, running, input.previewResponseUrl);
  return decision;
}

const FROM_STATES: Readonly<Record<Decision, ChangeState[]>> = {
  confirm: ['awaiting_confirmation'],
  cancel: ['awaiting_confirmation', 'pending_approval'],
  approve: ['pending_approval'],
  reject: ['pending_approval'],
};

const TARGET_STATE: Readonly<Record<Decision, ChangeState>> = {
  confirm: 'running',
  cancel: 'cancelled',
  approve: 'approved',
  reject: 'rejected',
};

async function run(
  services: Services,
  request: ChangeRequest,
  previewResponseUrl: string | undefined,
): Promise<void> {
  const planned = PlannedChange.parse(request.plan);
  const provider = services.providers.get(request.accountId);
  let ended: ChangeRequest | undefined;
  try {
    if (!provider) throw new UsageError(`Account \`${request.accountId}\` is no longer configured.`);
    if (planned.plan.kind !== 'add') {
      const [detail] = await provider.describeDomains([request.domain]);
      checkStateRules(planned.plan, request.domain, detail?.status);
    }
    const result = await executeChange(provider, request.domain, planned.plan);
    const failed = result.state === 'failed';
    ended = await services.store.changes.transition(request.id, ['running'], failed ? 'failed' : 'done', {
      result: {
        requestId: result.requestId,
        message:
          result.message ??
          (result.state === 'pending' ? 'Accepted; the provider is still deploying it.' : undefined),
      },
    });
  } catch (error) {
    // A refusal cdnops words itself (usage, unsupported) is an answer, not a bug: no error code, no stack trace.
    const refusal = error instanceof UsageError || error instanceof UnsupportedError;
    const summary = summarizeError(error);
    ended = await services.store.changes.transition(request.id, ['running'], 'failed', {
      result: refusal
        ? { message: summary.message }
        : { code: summary.code, message: summary.message, requestId: summary.requestId },
    });
    if (error instanceof UnsupportedError)
      services.logger.info('change refused: not supported', { id: request.id, reason: error.message });
    else if (!refusal) services.logger.warn('change failed', { id: request.id, error });
  }
  services.inventory.invalidate(request.accountId);
  if (ended) await finish(services, ended, ended.state, previewResponseUrl);
}

/** Tell everyone how a request ended: edit its message, tell the requester, write the audit line. */
export async function finish(
  services: Services,
  request: ChangeRequest,
  outcome: string,
  previewResponseUrl?: string,
): Promise<void> {
  await updateMessage(services, request, previewResponseUrl);
  const result = (request.result ?? {}) as { requestId?: string; message?: string };
  if (outcome !== 'rejected' && outcome !== 'cancelled') {
    await audit(
      services,
      request,
      request.decidedBy ?? request.requestedBy,
      outcome,
      result.requestId ?? null,
      result.message ?? null,
    );
  }
  const summary = PlannedChange.parse(request.plan).summary;
  const line = `${outcome === 'done' ? ':white_check_mark:' : outcome === 'failed' ? ':x:' : ':information_source:'} <@${request.requestedBy}> ${summary}: ${outcome}${request.decidedBy && request.decidedBy !== request.requestedBy ? ` (decided by <@${request.decidedBy}>)` : ''}${result.requestId ? ` · provider request id \`${result.requestId}\`` : ''}`;
  const note: Message = { text: line, blocks: [section(line)] };
  try {
    // Approval cards get the outcome in their thread, so the requester is notified; confirmed changes leave a
    // short public line in the channel.
    if (request.messageTs)
      await services.messenger.post(request.channel, note, { threadTs: request.messageTs });
    else if (outcome === 'done' || outcome === 'failed') await services.messenger.post(request.channel, note);
  } catch (error) {
    services.logger.warn('could not post the outcome of a change', { id: request.id, error });
  }
}

async function updateMessage(
  services: Services,
  request: ChangeRequest,
  previewResponseUrl: string | undefined,
): Promise<void> {
  const message = renderOutcome(request);
  try {
    if (request.messageTs) {
      await services.messenger.update({ channel: request.channel, ts: request.messageTs }, message);
    } else if (previewResponseUrl) {
      await services.messenger.replace(previewResponseUrl, message);
    }
  } catch (error) {
    services.logger.warn('could not update the message of a change', { id: request.id, error });
  }
}

async function audit(
  services: Services,
  request: ChangeRequest,
  userId: string,
  outcome: string,
  requestId: string | null,
  detail: string | null,
): Promise<void> {
  await services.store.audit.append({
    at: services.clock.now(),
    userId,
    channel: request.channel,
    commandText: request.commandText,
    action: request.action,
    accountId: request.accountId,
    domain: request.domain,
    outcome,
    requestId,
    detail,
    changeId: request.id,
  });
}
