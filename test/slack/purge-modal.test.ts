import { afterEach, describe, expect, it } from 'vitest';
import {
  lastView,
  type RecordedView,
  type StateValues,
  submitView,
  suggestOptions,
  viewText,
} from '../support/slack-payloads.ts';
import {
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const purgeCalls = (test: TestBot) =>
  test.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache' || call.action === 'PurgePathCache');

function purgeValues(input: {
  domain?: string;
  targets: string;
  kind?: 'url' | 'dir';
  all?: boolean;
}): StateValues {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  return {
    purge_domain: {
      value: { type: 'static_select', selected_option: input.domain ? option(input.domain) : null },
    },
    purge_targets: { value: { type: 'plain_text_input', value: input.targets } },
    purge_kind: { value: { type: 'radio_buttons', selected_option: option(input.kind ?? 'url') } },
    purge_all: { value: { type: 'checkboxes', selected_options: input.all ? [option('all')] : [] } },
  };
}

/** `/cdn purge` with nothing else, as the operator in the ops channel; returns the form that replaced the loading view. */
async function openForm(test: TestBot): Promise<RecordedView> {
  await test.send('purge', { user: OPERATOR });
  return lastView(test, 'views.update');
}

function blockIds(view: RecordedView): string[] {
  return (view.blocks as { block_id?: string }[]).flatMap((block) =>
    block.block_id ? [block.block_id] : [],
  );
}

function domainElement(view: RecordedView): Record<string, unknown> {
  const block = (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find(
    (candidate) => candidate.block_id === 'purge_domain',
  );
  return block!.element!;
}

describe('/cdn purge with no arguments', () => {
  it('opens a loading view at once, then replaces it with the form listing the channel’s domains', async () => {
    bot = await startTestBot();

    await bot.send('purge', { user: OPERATOR });

    const methods = bot.slack.calls
      .map((call) => call.method)
      .filter((method) => method.startsWith('views.'));
    expect(methods).toEqual(['views.open', 'views.update']);
    const loading = lastView(bot, 'views.open');
    expect(viewText(loading)).toContain('Loading the domains');
    expect(loading.private_metadata).toBe(JSON.stringify({ channelId: OPS_CHANNEL }));
    const form = lastView(bot, 'views.update');
    expect(form.callback_id).toBe('cdn_purge');
    expect(blockIds(form)).toEqual(['purge_domain', 'purge_targets', 'purge_kind', 'purge_all']);
    const select = domainElement(form) as { type: string; options: { value: string }[] };
    expect(select.type).toBe('static_select');
    expect(select.options.map((option) => option.value)).toEqual(
      TEST_ACCOUNT.domains.map((domain) => domain.domain).sort(),
    );
  });

  it('groups the domains under their accounts when the channel has two', async () => {
    bot = await startTestBot({ wangsu: {} });

    const form = await openForm(bot);

    const select = domainElement(form) as {
      option_groups: { label: { text: string }; options: unknown[] }[];
    };
    expect(select.option_groups.map((group) => [group.label.text, group.options.length])).toEqual([
      ['tencent-prod', 4],
      ['wangsu-prod', 3],
    ]);
  });

  it('refuses a viewer and opens nothing', async () => {
    bot = await startTestBot();

    await bot.send('purge', { user: VIEWER });

    expect(bot.slack.calls.some((call) => call.method.startsWith('views.'))).toBe(false);
    expect(bot.texts().at(-1)).toContain('`purge` needs operator');
  });

  it('offers a type-ahead select past 100 domains and answers block_suggestion with the matching ones', async () => {
    const domains = Array.from({ length: 120 }, (_, index) => ({
      domain: `site${String(index).padStart(3, '0')}.example.com`,
    }));
    bot = await startTestBot({ account: { ...TEST_ACCOUNT, domains } });
    const form = await openForm(bot);
    expect(domainElement(form)).toMatchObject({ type: 'external_select', min_query_length: 0 });

    const answer = await suggestOptions(
      bot,
      form,
      { blockId: 'purge_domain', actionId: 'value' },
      'SITE11',
      OPERATOR,
    );

    const options = (answer.options as { value: string }[]).map((option) => option.value);
    expect(options).toEqual(Array.from({ length: 10 }, (_, index) => `site11${index}.example.com`));
    const all = await suggestOptions(bot, form, { blockId: 'purge_domain', actionId: 'value' }, '', OPERATOR);
    expect((all.options as unknown[]).length).toBe(100);
  });
});

describe('submitting the purge modal', () => {
  it.each([
    [
      'an ftp:// URL',
      { targets: 'https://www.example.com/ok.js\nftp://www.example.com/a.js' },
      'purge_targets',
      'This is not an http(s) URL: ftp://www.example.com/a.js',
    ],
    [
      'a path without a domain',
      { targets: '/static/app.js' },
      'purge_targets',
      '/static/app.js is a path: pick the domain',
    ],
    ['nothing but spaces', { targets: '   ' }, 'purge_targets', 'Give at least one URL to purge.'],
    [
      'everything under a URL',
      { targets: 'https://www.example.com/a.js', all: true },
      'purge_all',
      'Only for directories',
    ],
    [
      'a domain no account serves',
      { targets: 'https://unknown.example.org/a.js' },
      'purge_targets',
      'unknown.example.org is not served by any account',
    ],
  ])('shows %s as an error on its field and sends nothing', async (_case, values, field, message) => {
    bot = await startTestBot();
    const form = await openForm(bot);

    const answer = await submitView(bot, form, purgeValues(values), OPERATOR);

    expect(answer.body.response_action).toBe('errors');
    expect((answer.body.errors as Record<string, string>)[field]).toContain(message);
    expect(purgeCalls(bot)).toEqual([]);
  });

  it('previews the normalised, de-duplicated list against today’s quota, then purges and posts the result', async () => {
    bot = await startTestBot();
    const form = await openForm(bot);

    const preview = await submitView(
      bot,
      form,
      purgeValues({
        domain: 'www.example.com',
        targets: '/a.js\nhttps://WWW.example.com/a.js#top, https://static.example.com/b.css\n/a.js',
      }),
      OPERATOR,
    );

    expect(preview.body.response_action).toBe('update');
    const view = preview.body.view as RecordedView;
    expect(view.callback_id).toBe('cdn_purge_preview');
    const text = viewText(view);
    expect(text).toContain('Check before purging:* 2 URLs in 1 request. 2 duplicates dropped.');
    expect(text).toContain('https://www.example.com/a.js\nhttps://static.example.com/b.css');
    expect(text).toContain('Quota left today on `tencent-prod` after this: mainland 9,998 of 10,000');
    expect(blockIds(view)).toEqual(['purge_domain', 'purge_targets', 'purge_kind', 'purge_all']);
    expect(purgeCalls(bot)).toEqual([]);

    const sent = await submitView(
      bot,
      view,
      purgeValues({
        domain: 'www.example.com',
        targets: '/a.js\nhttps://WWW.example.com/a.js#top, https://static.example.com/b.css\n/a.js',
      }),
      OPERATOR,
    );

    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({});
    expect(purgeCalls(bot).map((call) => (call.params as { Urls: string[] }).Urls)).toEqual([
      ['https://www.example.com/a.js', 'https://static.example.com/b.css'],
    ]);
    const result = bot.slack.messages.find((message) => !message.ephemeral)!;
    expect(result.channel).toBe(OPS_CHANNEL);
    expect(visibleText(result)).toContain(`*Purge* of 2 URLs requested by <@${OPERATOR}>: submitted`);
  });

  it('checks again instead of sending when the form was changed on the preview', async () => {
    bot = await startTestBot();
    const form = await openForm(bot);
    const preview = await submitView(
      bot,
      form,
      purgeValues({ targets: 'https://www.example.com/a.js' }),
      OPERATOR,
    );

    const again = await submitView(
      bot,
      preview.body.view as RecordedView,
      purgeValues({ targets: 'https://www.example.com/a.js https://www.example.com/b.js' }),
      OPERATOR,
    );

    expect(again.body.response_action).toBe('update');
    expect(viewText(again.body.view as RecordedView)).toContain('2 URLs in 1 request');
    expect(purgeCalls(bot)).toEqual([]);
  });

  it('purges directories, everything under them, when asked to', async () => {
    bot = await startTestBot();
    const form = await openForm(bot);
    const values = purgeValues({ domain: 'static.example.com', targets: '/img', kind: 'dir', all: true });
    const preview = await submitView(bot, form, values, OPERATOR);
    expect(viewText(preview.body.view as RecordedView)).toContain(
      '1 directory, everything under each in 1 request',
    );

    await submitView(bot, preview.body.view as RecordedView, values, OPERATOR);

    expect(purgeCalls(bot)).toMatchObject([
      {
        action: 'PurgePathCache',
        params: { Paths: ['https://static.example.com/img/'], FlushType: 'delete' },
      },
    ]);
  });
});
