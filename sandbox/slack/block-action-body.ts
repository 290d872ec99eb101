/**
 * The `block_actions` payloads Slack sends when someone clicks or chooses something: on a message (with its
 * container, the message itself and a fresh response_url tied to it) or on a modal or Home tab (with the view and
 * what its inputs hold). Built once, a body can be sent again as a retry or replay would send it.
 */
import { actionFor, findElement } from './block-elements.ts';
import { interactionBody } from './send-to-app.ts';
import type {
  ElementRef,
  SlackOption,
  SlackStandin,
  StandinMessage,
  ViewStateValues,
} from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';
import { wireView } from './view-surfaces.ts';

export const TEAM = { id: 'T0001', domain: 'example' };
export const API_APP_ID = 'A0CDNOPS';
/** The legacy verification token: Bolt ignores it (requests are signed), Slack still sends it. */
export const LEGACY_TOKEN = 'legacy-verification-token';

export function slackUser(userId: string): Record<string, string> {
  return { id: userId, username: userId.toLowerCase(), team_id: TEAM.id };
}

interface Choice {
  selected?: readonly string[];
  options?: readonly SlackOption[];
}

export function messageActionBody(
  standin: SlackStandin,
  input: { userId: string; message: StandinMessage; element: ElementRef } & Choice,
): string {
  const { message, userId } = input;
  const found = findElement(message.blocks, input.element);
  if (found === undefined) throw new Error(`no element "${input.element.actionId}" on the message`);
  const responseUrl = standin.responseUrl(undefined, {
    channel: message.channel,
    user: userId,
    messageTs: message.ts,
  });
  const now = Date.now() / 1000;
  return interactionBody({
    type: 'block_actions',
    team: TEAM,
    user: slackUser(userId),
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: message.ephemeral,
    },
    trigger_id: standin.triggerId({ user: userId, channel: message.channel }),
    channel: { id: message.channel, name: 'channel' },
    message: { ts: message.ts, text: message.text, blocks: message.blocks },
    state: { values: {} },
    response_url: responseUrl,
    actions: [actionFor(found, input, `${now}`)],
  });
}

/** A click or choice on a modal or Home tab: no channel and no response_url, as Slack sends it. */
export function viewActionBody(
  state: StandinState,
  standin: SlackStandin,
  input: { userId: string; viewId: string; element: ElementRef; values?: ViewStateValues } & Choice,
): string {
  const shown = state.views.get(input.viewId);
  if (shown === undefined) throw new Error(`view ${input.viewId} is not showing`);
  const found = findElement(shown.view.blocks, input.element);
  if (found === undefined) throw new Error(`no element "${input.element.actionId}" on view ${input.viewId}`);
  if (input.values !== undefined) shown.values = input.values;
  const now = Date.now() / 1000;
  return interactionBody({
    type: 'block_actions',
    team: TEAM,
    user: slackUser(input.userId),
    api_app_id: API_APP_ID,
    token: LEGACY_TOKEN,
    container: { type: 'view', view_id: shown.id },
    trigger_id: standin.triggerId({ user: input.userId }),
    view: wireView(state, shown),
    actions: [actionFor(found, input, `${now}`)],
  });
}
