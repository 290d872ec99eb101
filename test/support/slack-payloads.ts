/**
 * The interaction and event payloads Slack sends besides slash commands and message button clicks (those are in
 * start-test-bot.ts): modal submissions, type-ahead option requests, App Home visits and clicks on a view. Each is
 * sent signed to the bot's real HTTP receiver, and the bot is drained before the answer is returned.
 */
import { interactionBody, sendSignedToApp } from '../../sandbox/slack/index.ts';
import { SIGNING_SECRET, type TestBot } from './start-test-bot.ts';

/** Identical deliveries are ignored as retries, so every payload built here carries its own serial. */
let serial = 0;
const next = () => {
  serial += 1;
  return serial;
};

const TEAM = { id: 'T0001', domain: 'example' };
const user = (userId: string) => ({ id: userId, username: userId.toLowerCase(), team_id: 'T0001' });

/** A view as the stand-in recorded it (views.open / views.update / views.publish), or as the bot answered with. */
export type RecordedView = Record<string, unknown> & { blocks: unknown[] };

/** The most recent view the bot sent with `method` (for `views.update`, the form that replaced the loading view). */
export function lastView(
  test: TestBot,
  method: 'views.open' | 'views.update' | 'views.publish',
): RecordedView {
  const call = test.slack.calls.filter((candidate) => candidate.method === method).at(-1);
  if (!call) throw new Error(`the bot made no ${method} call`);
  return call.body.view as RecordedView;
}

/** `view.state.values` as Slack builds it: block id → action id → the element's state. */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** Submits `view` with `values`; resolves with the HTTP answer (where `response_action` lives). */
export async function submitView(
  test: TestBot,
  view: RecordedView,
  values: StateValues,
  userId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = {
    type: 'view_submission',
    team: TEAM,
    user: user(userId),
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    trigger_id: `${next()}.submit.trigger`,
    view: { ...view, id: (view.id as string | undefined) ?? 'V1', hash: `h${next()}`, state: { values } },
  };
  const response = await sendSignedToApp(test.appUrl, SIGNING_SECRET, interactionBody(payload));
  await test.bot.drain();
  return {
    status: response.status,
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
  };
}

/** Asks for the options of an external select in `view`, as Slack does while the user types `value`. */
export async function suggestOptions(
  test: TestBot,
  view: RecordedView,
  where: { blockId: string; actionId: string },
  value: string,
  userId: string,
): Promise<Record<string, unknown>> {
  const payload = {
    type: 'block_suggestion',
    user: user(userId),
    container: { type: 'view', view_id: 'V1' },
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    action_id: where.actionId,
    block_id: where.blockId,
    value,
    team: TEAM,
    view: { ...view, id: 'V1', hash: `h${next()}`, state: { values: {} } },
  };
  const response = await sendSignedToApp(test.appUrl, SIGNING_SECRET, interactionBody(payload));
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The Events API delivery for a user opening the bot's Home tab; waits until the bot has published. */
export async function openHome(test: TestBot, userId: string): Promise<number> {
  const id = next();
  const body = {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0CDNOPS',
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: 'D0HOME0001',
      tab: 'home',
      event_ts: `${id}.000100`,
    },
    type: 'event_callback',
    event_id: `Ev${id}`,
    event_time: id,
    authorizations: [{ team_id: 'T0001', user_id: 'U0BOT00001', is_bot: true, is_enterprise_install: false }],
  };
  const response = await sendSignedToApp(test.appUrl, SIGNING_SECRET, JSON.stringify(body), {
    headers: { 'content-type': 'application/json' },
  });
  await test.bot.drain();
  return response.status;
}

/** The Home tab the bot last published for `userId`. */
export function publishedHome(test: TestBot, userId: string): RecordedView {
  const call = test.slack.calls
    .filter((candidate) => candidate.method === 'views.publish' && candidate.body.user_id === userId)
    .at(-1);
  if (!call) throw new Error(`no Home was published for ${userId}`);
  return call.body.view as RecordedView;
}

/** Clicks a button on a view (a Home tab or a modal): no channel and no response_url, as Slack sends it. */
export async function clickOnView(
  test: TestBot,
  view: RecordedView,
  actionId: string,
  userId: string,
  index = 0,
): Promise<number> {
  const blocks = view.blocks as { type: string; block_id?: string; elements?: Record<string, unknown>[] }[];
  const found = blocks
    .flatMap((block) => (block.elements ?? []).map((element) => ({ block, element })))
    .filter(({ element }) => element.action_id === actionId)[index];
  if (!found) throw new Error(`no button ${actionId} on the view`);
  const payload = {
    type: 'block_actions',
    team: TEAM,
    user: user(userId),
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'VHOME1' },
    trigger_id: `${next()}.click.trigger`,
    view: { ...view, id: 'VHOME1', hash: `h${next()}`, state: { values: {} } },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: found.block.block_id ?? 'block',
        value: found.element.value,
        text: found.element.text,
        action_ts: `${next()}.000200`,
      },
    ],
  };
  const { status } = await sendSignedToApp(test.appUrl, SIGNING_SECRET, interactionBody(payload));
  await test.bot.drain();
  return status;
}

/** Every mrkdwn/plain text in a view's blocks, joined: what a person reads. */
export function viewText(view: RecordedView): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(view.blocks);
  return texts.join('\n');
}
