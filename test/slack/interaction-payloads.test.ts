/**
 * Buttons and modals whose payload is not what cdnops put there (a number where a change id belongs, metadata
 * that is not JSON): a short refusal to the person who used them, one warning line, never a stack trace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buttonClickBody, interactionBody, sendSignedToApp } from '../../sandbox/slack/index.ts';
import { lastView, submitView } from '../support/slack-payloads.ts';
import {
  ADMIN,
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** A signed click body with its payload changed by `edit`, as a hand-made or foreign request could be. */
function editedBody(body: string, edit: (payload: Record<string, unknown>) => void): string {
  const payload = JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, unknown>;
  edit(payload);
  return interactionBody(payload);
}

/** No log line carries a stack trace, and none is an error. */
function expectQuietLogs(test: TestBot): void {
  const lines = test.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(test.logs.join('\n')).not.toMatch(/"stack"|\n\s+at |is not a function|TypeError/);
  expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  expect(lines.some((line) => line.msg === 'refused an interaction payload of the wrong shape')).toBe(true);
}

const refusalsTo = (test: TestBot, user: string) =>
  test.slack.messages.filter((message) => message.ephemeral && message.user === user).map(visibleText);

describe('interaction payloads of the wrong shape', () => {
  it('refuses an Approve click whose value is a number, privately and briefly, and changes nothing', async () => {
    bot = await startTestBot({
      config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
    });
    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = bot.slack.messages.find((message) => !message.ephemeral && !message.threadTs)!;
    const body = editedBody(
      buttonClickBody({ standin: bot.slack, message: card, which: 'change.approve', userId: SECOND_ADMIN }),
      (payload) => {
        (payload.actions as Record<string, unknown>[])[0]!.value = 123456;
      },
    );

    const { status } = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();

    expect(status).toBe(200);
    const refusals = refusalsTo(bot, SECOND_ADMIN);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('cdnops could not read this button or form');
    expect(refusals[0]!.length).toBeLessThan(200);
    expect(bot.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toEqual([]);
    expectQuietLogs(bot);
  });

  it('refuses a "Purge again" click whose value is an object, privately, and purges nothing again', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js');
    const result = bot.slack.messages.find((message) => !message.ephemeral)!;
    const body = editedBody(
      buttonClickBody({ standin: bot.slack, message: result, which: 'purge.again', userId: OPERATOR }),
      (payload) => {
        (payload.actions as Record<string, unknown>[])[0]!.value = {
          k: 'url',
          u: ['https://www.example.com/a.js'],
        };
      },
    );

    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();

    expect(refusalsTo(bot, OPERATOR).at(-1)).toContain('cdnops could not read this button or form');
    expect(bot.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache')).toHaveLength(1);
    expectQuietLogs(bot);
  });

  it.each([
    ['is not JSON', 'not json {'],
    ['names no channel', JSON.stringify({ channel: OPS_CHANNEL })],
    ['has a number for the channel', JSON.stringify({ channelId: 42 })],
  ])('answers a stats modal whose private_metadata %s with a refusal in the modal', async (_, metadata) => {
    bot = await startTestBot();
    await bot.send('stats', { user: VIEWER });
    const view = { ...lastView(bot, 'views.open'), private_metadata: metadata };

    const answer = await submitView(
      bot,
      view,
      {
        stats_domain: { value: { type: 'plain_text_input', value: 'www.example.com' } },
        stats_range: {
          value: {
            type: 'static_select',
            selected_option: { value: '--last 24h', text: { type: 'plain_text', text: 'x' } },
          },
        },
      },
      VIEWER,
    );

    expect(answer.status).toBe(200);
    expect(answer.body.response_action).toBe('update');
    expect(JSON.stringify(answer.body.view)).toContain('cdnops could not read this button or form');
    expect(bot.tencent.calls.filter((call) => call.action === 'DescribeCdnData')).toEqual([]);
    expectQuietLogs(bot);
  });

  it('answers a purge modal whose private_metadata is not JSON with a refusal in the modal', async () => {
    bot = await startTestBot();
    await bot.send('purge', { user: OPERATOR });
    const view = { ...lastView(bot, 'views.open'), private_metadata: '["C0OPS00001"]' };

    const answer = await submitView(bot, view, {}, OPERATOR);

    expect(answer.body.response_action).toBe('update');
    expect(JSON.stringify(answer.body.view)).toContain('cdnops could not read this button or form');
    expectQuietLogs(bot);
  });
});
