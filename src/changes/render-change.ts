/** The messages of a change's life: the confirmation preview, the approval card, and how it ended. */
import type { Block, Message } from '../messaging/message.ts';
import { actions, button, context, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import type { ChangeRequest } from '../store/store.ts';
import { PlannedChange } from './change-plan.ts';

export const ACTION_IDS = {
  confirm: 'change.confirm',
  cancel: 'change.cancel',
  approve: 'change.approve',
  reject: 'change.reject',
} as const;

function planned(request: ChangeRequest): PlannedChange {
  return PlannedChange.parse(request.plan);
}

function facts(request: ChangeRequest, change: PlannedChange): string[] {
  return [
    `*Domain* ${code(request.domain)} · *account* ${code(request.accountId)} · *status now* ${change.statusBefore}`,
    ...change.preview.map((line) => escapeMrkdwn(line)),
    `_${escapeMrkdwn(change.consequence)}_`,
  ];
}

/** Shown only to the requester: before → after and Confirm / Cancel. */
export function renderConfirmation(request: ChangeRequest): Message {
  const change = planned(request);
  const blocks: Block[] = [
    section(`*Confirm:* ${escapeMrkdwn(change.summary)}`),
    ...sectionsFromLines(facts(request, change)),
    actions(`change:${request.id}`, [
      button('Confirm', ACTION_IDS.confirm, request.id, {
        style: 'primary',
        confirm: { title: 'Apply this change?', text: escapeMrkdwn(change.summary), yes: 'Apply' },
      }),
      button('Cancel', ACTION_IDS.cancel, request.id),
    ]),
    context(`Change request ${code(request.id)} · expires unless confirmed`),
  ];
  return { text: `Confirm: ${change.summary}`, blocks };
}

/** Posted in the channel: who asks for what, and Approve / Reject for a second person. */
export function renderApprovalCard(request: ChangeRequest, expiresIn: string): Message {
  const change = planned(request);
  const blocks: Block[] = [
    section(
      `:raised_hand: *Approval needed:* ${escapeMrkdwn(change.summary)}\nRequested by <@${request.requestedBy}>`,
    ),
    ...sectionsFromLines(facts(request, change)),
    actions(`change:${request.id}`, [
      button('Approve', ACTION_IDS.approve, request.id, {
        style: 'primary',
        confirm: {
          title: 'Approve this change?',
          text: `${escapeMrkdwn(change.summary)}. ${escapeMrkdwn(change.consequence)}`,
          yes: 'Approve',
        },
      }),
      button('Reject', ACTION_IDS.reject, request.id, { style: 'danger' }),
    ]),
    context(
      `Change request ${code(request.id)} · expires in ${expiresIn} · or \`/cdn approve ${request.id}\` / \`/cdn reject ${request.id}\``,
    ),
  ];
  return { text: `Approval needed: ${change.summary} (requested by <@${request.requestedBy}>)`, blocks };
}

const OUTCOMES: Readonly<Record<string, { emoji: string; word: string }>> = {
  approved: { emoji: ':hourglass_flowing_sand:', word: 'approved, running' },
  running: { emoji: ':hourglass_flowing_sand:', word: 'running' },
  done: { emoji: ':white_check_mark:', word: 'done' },
  failed: { emoji: ':x:', word: 'failed' },
  rejected: { emoji: ':no_entry_sign:', word: 'rejected' },
  cancelled: { emoji: ':heavy_multiplication_x:', word: 'cancelled' },
  expired: { emoji: ':hourglass:', word: 'expired without a decision' },
};

/** The card or preview once decided: no buttons, who decided, and how it ended. */
export function renderOutcome(request: ChangeRequest): Message {
  const change = planned(request);
  const outcome = OUTCOMES[request.state] ?? { emoji: ':grey_question:', word: request.state };
  const result = (request.result ?? {}) as { message?: string; requestId?: string; code?: string };
  const by = request.decidedBy && request.state !== 'expired' ? ` by <@${request.decidedBy}>` : '';
  const lines = [
    `${outcome.emoji} *${escapeMrkdwn(change.summary)}*: ${outcome.word}${by}`,
    `Requested by <@${request.requestedBy}> · ${code(request.domain)} on ${code(request.accountId)}`,
    ...change.preview.map((line) => escapeMrkdwn(line)),
  ];
  if (result.message)
    lines.push(`${result.code ? `${code(result.code)} ` : ''}${escapeMrkdwn(result.message)}`);
  const blocks = [...sectionsFromLines(lines)];
  blocks.push(
    context(
      [
        `Change request ${code(request.id)}`,
        result.requestId ? `provider request id ${code(result.requestId)}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
  return { text: `${change.summary}: ${outcome.word}`, blocks };
}
