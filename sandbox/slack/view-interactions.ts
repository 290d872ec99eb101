/**
 * What a person does to a modal, sent into the app signed as Slack sends it: submitting it (`view_submission`, whose
 * HTTP answer decides what the modal shows next), closing it (`view_closed` when the view asked to be told), and
 * typing into an external select (`block_suggestion`, answered with the options to show).
 */
import { z } from 'zod';
import { API_APP_ID, LEGACY_TOKEN, slackUser, TEAM } from './block-action-body.ts';
import { findElement } from './block-elements.ts';
import { BLOCK_LIMITS, checkBlocks } from './check-blocks.ts';
import { interactionBody, sendSignedToApp } from './send-to-app.ts';
import type {
  ElementRef,
  SlackOption,
  StandinView,
  SubmissionOutcome,
  TriggerOrigin,
  ViewStateValues,
} from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';
import { clearModals, closeTopModal, modalIds, pushModal, updateView, wireView } from './view-surfaces.ts';

/** What the interactions need besides the state: where the app is, and trigger ids to hand it. */
export interface AppLink {
  appUrl: string;
  signingSecret: string;
  triggerId(origin: TriggerOrigin): string;
}

const AnsweredView = z.looseObject({ type: z.string(), blocks: z.array(z.unknown()) });
const ViewAnswer = z.looseObject({
  response_action: z.enum(['errors', 'update', 'push', 'clear']).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  view: AnsweredView.optional(),
});

const Option = z.looseObject({
  text: z.looseObject({ type: z.string(), text: z.string() }),
  value: z.string(),
});
const OptionsAnswer = z.looseObject({
  options: z.array(Option).optional(),
  option_groups: z.array(z.looseObject({ label: z.unknown(), options: z.array(Option) })).optional(),
});

export async function submitView(
  state: StandinState,
  link: AppLink,
  input: { userId: string; viewId: string; values: ViewStateValues },
): Promise<SubmissionOutcome> {
  const { userId, viewId } = input;
  const shown = state.views.get(viewId);
  if (shown === undefined || modalIds(state, userId).at(-1) !== viewId) {
    return { kind: 'refused', reason: `view ${viewId} is not ${userId}'s open modal` };
  }
  shown.values = input.values;
  const payload = {
    type: 'view_submission',
    team: TEAM,
    user: slackUser(userId),
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: link.triggerId({ user: userId }),
    view: wireView(state, shown),
    response_urls: [],
    is_enterprise_install: false,
  };
  const reply = await sendSignedToApp(link.appUrl, link.signingSecret, interactionBody(payload));
  if (reply.status < 200 || reply.status > 299) {
    return { kind: 'refused', reason: `the app answered HTTP ${reply.status}` };
  }
  return applyAnswer(state, userId, shown, reply.body);
}

/** The app's answer to a submission, applied to the modals the way Slack applies it. */
function applyAnswer(
  state: StandinState,
  userId: string,
  shown: StandinView,
  body: string,
): SubmissionOutcome {
  const closeSubmitted = (): SubmissionOutcome => {
    // The app may have replaced the stack meanwhile; only the submitted view closes.
    if (modalIds(state, userId).at(-1) === shown.id) closeTopModal(state, userId);
    return { kind: 'closed' };
  };
  if (body.trim() === '') return closeSubmitted();
  let answer: z.infer<typeof ViewAnswer>;
  try {
    answer = ViewAnswer.parse(JSON.parse(body));
  } catch {
    return { kind: 'refused', reason: 'the app answered with something that is not a response action' };
  }
  switch (answer.response_action) {
    case undefined:
      return closeSubmitted();
    case 'clear':
      clearModals(state, userId);
      return { kind: 'cleared' };
    case 'errors':
      shown.errors = answer.errors ?? {};
      return { kind: 'errors', errors: shown.errors };
    case 'update':
    case 'push': {
      if (answer.view === undefined)
        return { kind: 'refused', reason: `${answer.response_action} without a view` };
      const problems = checkBlocks(answer.view.blocks, BLOCK_LIMITS.viewBlocks);
      if (problems.length > 0) return { kind: 'refused', reason: `invalid_blocks: ${problems.join('; ')}` };
      const hash = state.nextId('hash');
      if (answer.response_action === 'push') {
        const view = pushModal(state, { id: state.nextId('V'), user: userId, view: answer.view, hash });
        return { kind: 'pushed', view };
      }
      const view = updateView(state, { id: shown.id, view: answer.view, hash });
      return view === undefined
        ? { kind: 'refused', reason: 'the view closed meanwhile' }
        : { kind: 'updated', view };
    }
  }
}

export async function closeView(
  state: StandinState,
  link: AppLink,
  input: { userId: string; viewId: string; all?: boolean },
): Promise<void> {
  if (modalIds(state, input.userId).at(-1) !== input.viewId) return;
  const closed = input.all ? clearModals(state, input.userId) : [closeTopModal(state, input.userId)];
  for (const view of closed) {
    if (view?.view.notify_on_close !== true) continue;
    const payload = {
      type: 'view_closed',
      team: TEAM,
      user: slackUser(input.userId),
      api_app_id: API_APP_ID,
      token: LEGACY_TOKEN,
      view: wireView(state, view),
      is_cleared: input.all === true,
    };
    await sendSignedToApp(link.appUrl, link.signingSecret, interactionBody(payload));
  }
}

export async function suggestOptions(
  state: StandinState,
  link: AppLink,
  input: { userId: string; viewId: string; element: ElementRef; value: string },
): Promise<z.infer<typeof OptionsAnswer>> {
  const shown = state.views.get(input.viewId);
  const found = shown === undefined ? undefined : findElement(shown.view.blocks, input.element);
  if (shown === undefined || found === undefined) return { options: [] };
  const payload = {
    type: 'block_suggestion',
    user: slackUser(input.userId),
    container: { type: 'view', view_id: shown.id },
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    action_id: found.element.action_id,
    block_id: found.blockId,
    value: input.value,
    team: TEAM,
    view: wireView(state, shown),
  };
  const reply = await sendSignedToApp(link.appUrl, link.signingSecret, interactionBody(payload));
  try {
    return OptionsAnswer.parse(JSON.parse(reply.body));
  } catch {
    // Slack shows an empty menu when the app's answer is late or malformed.
    return { options: [] };
  }
}

export type { SlackOption };
