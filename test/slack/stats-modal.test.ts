import { afterEach, describe, expect, it } from 'vitest';
import { interactionBody, sendSignedToApp } from '../../sandbox/slack/index.ts';
import {
  OPS_CHANNEL,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function submission(
  view: Record<string, unknown>,
  values: { domain: string; range: string; metrics?: string[] },
) {
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'example' },
    user: { id: VIEWER, username: 'viewer', team_id: 'T0001' },
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    trigger_id: '1.trigger',
    view: {
      ...view,
      id: 'V0001',
      state: {
        values: {
          stats_domain: { value: { type: 'plain_text_input', value: values.domain } },
          stats_range: {
            value: {
              type: 'static_select',
              selected_option: { text: { type: 'plain_text', text: values.range }, value: values.range },
            },
          },
          stats_metrics: {
            value: {
              type: 'checkboxes',
              selected_options: (values.metrics ?? []).map((value) => ({
                text: { type: 'plain_text', text: value },
                value,
              })),
            },
          },
        },
      },
    },
  };
}

describe('/cdn stats with no arguments', () => {
  it('opens a modal asking for domain, range and metrics', async () => {
    bot = await startTestBot();

    await bot.send('stats', { user: VIEWER });

    const opened = bot.slack.calls.find((call) => call.method === 'views.open')!;
    const view = opened.body.view as {
      callback_id: string;
      blocks: { block_id: string }[];
      private_metadata: string;
    };
    expect(view.callback_id).toBe('cdn_stats');
    expect(view.blocks.map((block) => block.block_id)).toEqual([
      'stats_domain',
      'stats_range',
      'stats_metrics',
    ]);
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: OPS_CHANNEL });
  });

  it.each([
    ['an empty domain', { domain: '', range: '--last 24h' }, 'stats_domain', 'Name a domain'],
    [
      'a word that is not a domain',
      { domain: 'yesterday', range: '--last 24h' },
      'stats_domain',
      'Name a domain',
    ],
    [
      'two domains',
      { domain: 'www.example.com static.example.com', range: '--last 24h' },
      'stats_domain',
      'only today or yesterday may follow',
    ],
  ])('shows %s as an error on its field and runs nothing', async (_case, values, field, message) => {
    bot = await startTestBot();
    await bot.send('stats', { user: VIEWER });
    const view = bot.slack.calls.find((call) => call.method === 'views.open')!.body.view as Record<
      string,
      unknown
    >;

    const response = await sendSignedToApp(
      bot.appUrl,
      SIGNING_SECRET,
      interactionBody(submission(view, values)),
    );
    await bot.bot.drain();

    const body = JSON.parse(response.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors[field]).toContain(message);
    expect(bot.tencent.calls.some((call) => call.action === 'DescribeCdnData')).toBe(false);
  });

  it('runs a valid submission and answers privately in the channel it was opened from', async () => {
    bot = await startTestBot();
    await bot.send('stats', { user: VIEWER });
    const view = bot.slack.calls.find((call) => call.method === 'views.open')!.body.view as Record<
      string,
      unknown
    >;

    const response = await sendSignedToApp(
      bot.appUrl,
      SIGNING_SECRET,
      interactionBody(submission(view, { domain: 'www.example.com', range: 'yesterday', metrics: ['flux'] })),
    );
    await bot.bot.drain();

    expect(response.status).toBe(200);
    const answer = bot.slack.messages.find(
      (message) => message.ephemeral && message.user === VIEWER && message.channel === OPS_CHANNEL,
    )!;
    expect(visibleText(answer)).toContain('www.example.com');
    expect(
      bot.tencent.calls
        .filter((call) => call.action === 'DescribeCdnData')
        .map((call) => (call.params as { Metric: string }).Metric),
    ).toContain('flux');
  });
});
