import type { AddressInfo } from 'node:net';
import { App, LogLevel, type types, type ViewResponseAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../../../sandbox/slack/index.ts';

const TOKEN = 'xoxb-views';
const SECRET = 'views-signing-secret';
const USER = 'U0VIEWS001';

const input = (blockId: string, element: types.InputBlock['element']): types.InputBlock => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: blockId },
  element,
});
const modal = (
  title: string,
  blocks: types.KnownBlock[],
  extra: Partial<types.ModalView> = {},
): types.ModalView => ({
  type: 'modal',
  callback_id: 'form',
  title: { type: 'plain_text', text: title },
  submit: { type: 'plain_text', text: 'Go' },
  blocks,
  ...extra,
});
const text = (value: string) => ({ host: { value: { type: 'plain_text_input', value } } });

describe('Slack stand-in: views as a person sees them, and interactions with them', () => {
  let standin: SlackStandin;
  let app: App;
  let appUrl: string;
  /** What the `form` view's submission handler answers next. */
  let answers: (ViewResponseAction | undefined)[];
  const seen: { type: string; body: Record<string, unknown> }[] = [];

  beforeEach(async () => {
    answers = [];
    seen.length = 0;
    standin = await startSlackStandin({ botToken: TOKEN });
    app = new App({
      token: TOKEN,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: standin.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/cdn', async ({ ack, client, command }) => {
      await ack();
      const opened = await client.views.open({
        trigger_id: command.trigger_id,
        view: modal('First', [input('host', { type: 'plain_text_input', action_id: 'value' })]),
      });
      if (command.text === 'push') {
        await client.views.push({ trigger_id: command.trigger_id, view: modal('Second', []) });
      }
      if (command.text === 'update') {
        await client.views.update({
          view_id: opened.view?.id ?? '',
          view: modal('First, updated', [input('host', { type: 'plain_text_input', action_id: 'value' })]),
        });
      }
    });
    app.view('form', async ({ ack, body }) => {
      seen.push({ type: 'view_submission', body: body as unknown as Record<string, unknown> });
      const answer = answers.shift();
      await ack(answer);
    });
    app.view({ callback_id: 'form', type: 'view_closed' }, async ({ ack, body }) => {
      await ack();
      seen.push({ type: 'view_closed', body: body as unknown as Record<string, unknown> });
    });
    app.options<'block_suggestion'>({ action_id: 'pick' }, async ({ ack, body }) => {
      seen.push({ type: 'block_suggestion', body: body as unknown as Record<string, unknown> });
      await ack({
        options: [{ text: { type: 'plain_text', text: `${body.value}.example.com` }, value: body.value }],
      });
    });
    app.action('choose', async ({ ack, body }) => {
      await ack();
      seen.push({ type: 'block_actions', body: body as unknown as Record<string, unknown> });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [
                {
                  type: 'static_select',
                  action_id: 'choose',
                  options: [{ text: { type: 'plain_text', text: 'Week' }, value: 'week' }],
                },
              ],
            },
          ],
        },
      });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
    await standin.close();
  });

  const viewCalls = () => standin.calls.filter((call) => call.method.startsWith('views.')).length;
  /** Runs `/cdn <text>` and waits for the `views` calls the app makes for it. */
  const command = async (text: string, views: number) => {
    const before = viewCalls();
    await standin.sendCommand(appUrl, SECRET, { text, userId: USER, channelId: 'C1' });
    await standin.waitFor(() => viewCalls() >= before + views);
  };

  it('shows a modal opened with a command’s trigger id to that user, stacks pushes, and updates in place', async () => {
    await command('push', 2);
    expect(standin.modals(USER).map((view) => (view.view.title as { text: string }).text)).toEqual([
      'First',
      'Second',
    ]);
    expect(standin.modals('USOMEONE')).toEqual([]);

    await command('update', 2);
    const [only] = standin.modals(USER);
    expect(standin.modals(USER)).toHaveLength(1);
    expect(only?.view.title).toEqual({ type: 'plain_text', text: 'First, updated' });
  });

  it('applies a submission’s answer: errors on the field, update keeping typed values, push, close and clear', async () => {
    await command('', 1);
    const first = standin.modals(USER)[0]!;
    const firstHash = first.hash;

    answers.push({ response_action: 'errors', errors: { host: 'Not that one' } });
    const refused = await standin.submitView(appUrl, SECRET, {
      userId: USER,
      viewId: first.id,
      values: text('a'),
    });
    expect(refused).toEqual({ kind: 'errors', errors: { host: 'Not that one' } });
    expect(standin.modals(USER)[0]?.errors).toEqual({ host: 'Not that one' });
    expect(seen[0]?.body).toMatchObject({ view: { id: first.id, state: { values: text('a') } } });

    answers.push({
      response_action: 'update',
      view: modal('Checked', [input('host', { type: 'plain_text_input', action_id: 'value' })]),
    });
    const updated = await standin.submitView(appUrl, SECRET, {
      userId: USER,
      viewId: first.id,
      values: text('b'),
    });
    expect(updated).toMatchObject({ kind: 'updated', view: { id: first.id, errors: {}, values: text('b') } });
    expect(standin.modals(USER)[0]?.hash).not.toBe(firstHash);

    answers.push({ response_action: 'push', view: modal('On top', []) });
    const pushed = await standin.submitView(appUrl, SECRET, {
      userId: USER,
      viewId: first.id,
      values: text('b'),
    });
    expect(pushed.kind).toBe('pushed');
    expect(standin.modals(USER)).toHaveLength(2);

    const top = standin.modals(USER)[1]!;
    const closed = await standin.submitView(appUrl, SECRET, { userId: USER, viewId: top.id, values: {} });
    expect(closed).toEqual({ kind: 'closed' });
    expect(standin.modals(USER).map((view) => view.id)).toEqual([first.id]);

    answers.push({ response_action: 'clear' });
    expect(
      await standin.submitView(appUrl, SECRET, { userId: USER, viewId: first.id, values: text('b') }),
    ).toEqual({
      kind: 'cleared',
    });
    expect(standin.modals(USER)).toEqual([]);
  });

  it('refuses to submit a view that is not the person’s open modal', async () => {
    expect(
      await standin.submitView(appUrl, SECRET, { userId: USER, viewId: 'V404', values: {} }),
    ).toMatchObject({
      kind: 'refused',
    });
    expect(seen).toEqual([]);
  });

  it('tells the app a view closed when it asked to be told', async () => {
    const view = modal('Tell me', [], { notify_on_close: true });
    await app.client.views.open({ trigger_id: standin.triggerId({ user: USER }), view });
    const [shown] = standin.modals(USER);

    await standin.closeView(appUrl, SECRET, { userId: USER, viewId: shown!.id, all: true });

    expect(standin.modals(USER)).toEqual([]);
    expect(seen).toEqual([expect.objectContaining({ type: 'view_closed' })]);
    expect(seen[0]?.body).toMatchObject({ is_cleared: true, view: { id: shown!.id } });
  });

  it('asks the app for an external select’s options as the person types', async () => {
    const view = modal('Pick', [input('domain', { type: 'external_select', action_id: 'pick' })]);
    await app.client.views.open({ trigger_id: standin.triggerId({ user: USER }), view });
    const [shown] = standin.modals(USER);

    const answer = await standin.suggestOptions(appUrl, SECRET, {
      userId: USER,
      viewId: shown!.id,
      element: { actionId: 'pick' },
      value: 'www',
    });

    expect(answer.options).toEqual([{ text: { type: 'plain_text', text: 'www.example.com' }, value: 'www' }]);
    expect(seen[0]?.body).toMatchObject({ type: 'block_suggestion', block_id: 'domain', value: 'www' });
  });

  it('delivers app_home_opened, keeps the published Home, and sends a choice on it with the view', async () => {
    expect((await standin.openHome(appUrl, SECRET, USER)).status).toBe(200);
    await standin.waitFor((calls) => calls.some((call) => call.method === 'views.publish'));
    const home = standin.home(USER);
    expect(home?.view.type).toBe('home');

    const { status } = await standin.sendAction(appUrl, SECRET, {
      userId: USER,
      on: { viewId: home!.id },
      element: { actionId: 'choose' },
      selected: ['week'],
    });

    expect(status).toBe(200);
    expect(seen[0]?.body).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: home!.id },
      view: { type: 'home', id: home!.id },
      actions: [{ type: 'static_select', action_id: 'choose', selected_option: { value: 'week' } }],
    });
  });

  it('sends a choice on a message with the message, its container and a response_url', async () => {
    const posted = await app.client.chat.postMessage({
      channel: 'C1',
      text: 'pick',
      blocks: [
        {
          type: 'section',
          block_id: 'menu',
          text: { type: 'mrkdwn', text: 'Pick one' },
          accessory: {
            type: 'overflow',
            action_id: 'choose',
            options: [{ text: { type: 'plain_text', text: 'Logs' }, value: 'logs' }],
          },
        },
      ],
    });
    const message = standin.messages.find((candidate) => candidate.ts === posted.ts)!;

    await standin.sendAction(appUrl, SECRET, {
      userId: USER,
      on: { message },
      element: { actionId: 'choose', blockIndex: 0 },
      selected: ['logs'],
    });

    expect(seen[0]?.body).toMatchObject({
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C1' },
      message: { ts: posted.ts },
      actions: [{ type: 'overflow', block_id: 'menu', selected_option: { value: 'logs' } }],
    });
    expect(String(seen[0]?.body.response_url)).toContain('/response/');
    await expect(
      standin.sendAction(appUrl, SECRET, {
        userId: USER,
        on: { message },
        element: { actionId: 'choose' },
        selected: ['not-an-option'],
      }),
    ).rejects.toThrow(/not an option/);
  });
});
