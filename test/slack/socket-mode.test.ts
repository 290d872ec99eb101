/**
 * Socket Mode (SLACK_APP_TOKEN set): the bot opens its connection through SLACK_API_URL with the app-level token,
 * and commands, clicks and modal submissions arrive as envelopes on the WebSocket instead of signed HTTP requests.
 * The stand-in routes the same deliveries the HTTP tests use over the socket, so these are the HTTP flows again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lastView, submitView } from '../support/slack-payloads.ts';
import {
  ADMIN,
  APP_TOKEN,
  BOT_TOKEN,
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function start() {
  return startTestBot({
    socketMode: true,
    config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
  });
}

describe('Socket Mode', () => {
  it('connects through SLACK_API_URL with the app token and answers /cdn hosts over the socket', async () => {
    bot = await start();

    expect(bot.slack.socketConnections()).toBe(1);
    const opened = bot.slack.calls.filter((call) => call.method === 'apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.error).toBeUndefined();

    const { status } = await bot.send('hosts');

    expect(status).toBe(200);
    const answer = bot.slack.messages.at(-1)!;
    expect(answer.ephemeral).toBe(true);
    expect(visibleText(answer)).toContain('www.example.com');
    // Every Web API call went with the bot token: the app token opens connections and nothing else.
    expect(bot.slack.calls.filter((call) => call.error !== undefined)).toEqual([]);
    expect(bot.logs.join('\n')).not.toContain(APP_TOKEN);
  });

  it('takes an approval click from the second admin and stops the domain once', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = bot.slack.messages.find((message) => !message.ephemeral && message.channel === OPS_CHANNEL)!;
    expect(visibleText(card)).toContain('Approval needed:* stop www.example.com');

    await clickButton(bot, card, 'change.approve', SECOND_ADMIN);

    expect(bot.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toHaveLength(1);
    expect(visibleText(card)).toContain(`by <@${SECOND_ADMIN}>`);
  });

  it('opens the purge modal and answers a bad submission with the field error in the ack', async () => {
    bot = await start();
    await bot.send('purge', { user: OPERATOR });
    const form = lastView(bot, 'views.update');

    const answer = await submitView(
      bot,
      form,
      {
        purge_domain: {
          value: {
            type: 'static_select',
            selected_option: {
              text: { type: 'plain_text', text: 'www.example.com' },
              value: 'www.example.com',
            },
          },
        },
        purge_targets: { value: { type: 'plain_text_input', value: 'ftp://www.example.com/a.js' } },
        purge_kind: {
          value: {
            type: 'radio_buttons',
            selected_option: { text: { type: 'plain_text', text: 'url' }, value: 'url' },
          },
        },
        purge_all: { value: { type: 'checkboxes', selected_options: [] } },
      },
      OPERATOR,
    );

    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(answer.body)).toContain('ftp://');
    expect(bot.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache')).toEqual([]);
  });

  it('the stand-in refuses the bot token for opening a connection, as Slack does', async () => {
    bot = await start();

    const response = await fetch(`${bot.slack.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
    });

    expect(await response.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });
});
