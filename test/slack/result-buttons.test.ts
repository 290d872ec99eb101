import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/index.ts';
import {
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const purgedUrls = (test: TestBot) =>
  test.tencent.calls
    .filter((call) => call.action === 'PurgeUrlsCache' && !call.errorCode)
    .map((call) => (call.params as { Urls: string[] }).Urls);
/** Purge results: what the bot posted in the channel, oldest first. */
const results = (test: TestBot) =>
  test.slack.messages.filter((message) => !message.ephemeral && message.channel === OPS_CHANNEL);
const lastEphemeral = (test: TestBot, user: string) =>
  [...test.slack.messages].reverse().find((message) => message.ephemeral && message.user === user)!;

function buttonsOf(message: StandinMessage): { action_id: string; value: string; text: { text: string } }[] {
  return (message.blocks as { type: string; elements?: unknown[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements as { action_id: string; value: string; text: { text: string } }[]);
}

describe('buttons on a purge result', () => {
  it('offers "Prefetch these" and "Purge again" carrying the URLs', async () => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/a.js https://www.example.com/b.js');

    // "Check edges" joins them once the purge finished, which the follower may already have seen.
    const buttons = buttonsOf(results(bot)[0]!).slice(0, 2);
    expect(buttons.map((button) => [button.action_id, button.text.text])).toEqual([
      ['purge.prefetch', 'Prefetch these'],
      ['purge.again', 'Purge again'],
    ]);
    expect(JSON.parse(buttons[1]!.value)).toEqual({
      k: 'url',
      u: ['https://www.example.com/a.js', 'https://www.example.com/b.js'],
    });
  });

  it('refuses a viewer’s click on "Purge again", privately, and purges nothing', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js');
    const result = results(bot)[0]!;
    const before = JSON.stringify(result.blocks);

    await clickButton(bot, result, 'purge.again', VIEWER);

    expect(purgedUrls(bot)).toEqual([['https://www.example.com/a.js']]);
    const refusal = lastEphemeral(bot, VIEWER);
    expect(refusal.channel).toBe(OPS_CHANNEL);
    expect(visibleText(refusal)).toContain('`purge` needs operator; you are viewer');
    expect(results(bot)).toHaveLength(1);
    expect(JSON.stringify(results(bot)[0]!.blocks).includes('needs operator')).toBe(false);
    expect(before).toContain('purge.again');
  });

  it('refuses an operator’s click in a channel that allows only viewers', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js');
    const result = { ...results(bot)[0]!, channel: VIEW_CHANNEL };

    await clickButton(bot, result, 'purge.again', OPERATOR);

    expect(purgedUrls(bot)).toHaveLength(1);
    expect(visibleText(lastEphemeral(bot, OPERATOR))).toContain('this channel allows at most viewer');
  });

  it('purges the same URLs again for an operator and posts a new result', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js https://www.example.com/b.js');

    await clickButton(bot, results(bot)[0]!, 'purge.again', OPERATOR);

    expect(purgedUrls(bot)).toEqual([
      ['https://www.example.com/a.js', 'https://www.example.com/b.js'],
      ['https://www.example.com/a.js', 'https://www.example.com/b.js'],
    ]);
    expect(results(bot)).toHaveLength(2);
    expect(visibleText(results(bot)[1]!)).toContain(`requested by <@${OPERATOR}>`);
  });

  it('prefetches the purged URLs', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js');

    await clickButton(bot, results(bot)[0]!, 'purge.prefetch', OPERATOR);

    const pushes = bot.tencent.calls.filter((call) => call.action === 'PushUrlsCache');
    expect(pushes.map((call) => (call.params as { Urls: string[] }).Urls)).toEqual([
      ['https://www.example.com/a.js'],
    ]);
    expect(visibleText(results(bot).at(-1)!)).toContain('*Prefetch* of 1 URL');
  });

  it('offers only "Purge again" on a directory purge, and keeps "everything under"', async () => {
    bot = await startTestBot();
    await bot.send('purge --dir --all https://static.example.com/img/');
    expect(buttonsOf(results(bot)[0]!).map((button) => button.action_id)).toEqual(['purge.again']);

    await clickButton(bot, results(bot)[0]!, 'purge.again', OPERATOR);

    const paths = bot.tencent.calls.filter((call) => call.action === 'PurgePathCache');
    expect(paths.map((call) => call.params)).toMatchObject([
      { Paths: ['https://static.example.com/img/'], FlushType: 'delete' },
      { Paths: ['https://static.example.com/img/'], FlushType: 'delete' },
    ]);
  });

  it('carries only the followed submission’s id when the URLs do not fit a button, and reads them back', async () => {
    bot = await startTestBot();
    const urls = Array.from(
      { length: 40 },
      (_, index) => `https://www.example.com/assets/a-rather-long-file-name-${index}.js`,
    );
    await bot.send(`purge ${urls.join(' ')}`);
    const [button] = buttonsOf(results(bot)[0]!).filter((candidate) => candidate.action_id === 'purge.again');
    expect(Object.keys(JSON.parse(button!.value))).toEqual(['f']);

    await clickButton(bot, results(bot)[0]!, 'purge.again', OPERATOR);

    expect(purgedUrls(bot)).toEqual([urls, urls]);
  });
});

describe('buttons on a stats answer', () => {
  it('shows the previous period in place of the answer', async () => {
    bot = await startTestBot();
    await bot.send('stats www.example.com yesterday --metric flux', { user: VIEWER });
    const answer = lastEphemeral(bot, VIEWER);
    expect(buttonsOf(answer).map((button) => button.text.text)).toEqual([
      '◀ Previous 24 hours',
      'Next 24 hours ▶',
    ]);
    const calls = () =>
      bot!.tencent.calls
        .filter((call) => call.action === 'DescribeCdnData')
        .map((call) => (call.params as { StartTime: string }).StartTime);
    const before = calls().length;

    await clickButton(bot, answer, 'stats.previous', VIEWER);

    // The day and the day before it, for the comparison, in one range.
    expect(calls().slice(before)).toEqual(['2026-11-20 00:00:00']);
    expect(answer.edits).toBe(1);
    expect(visibleText(answer)).toContain('2026-11-21 (Asia/Shanghai)');
  });

  it('offers no next period for an answer that ends now', async () => {
    bot = await startTestBot();

    await bot.send('stats www.example.com', { user: VIEWER });

    expect(buttonsOf(lastEphemeral(bot, VIEWER)).map((button) => button.action_id)).toEqual([
      'stats.previous',
    ]);
  });
});

describe('buttons on a hosts page', () => {
  const domains = Array.from({ length: 30 }, (_, index) => ({
    domain: `d${String(index).padStart(2, '0')}.example.com`,
  }));

  it('shows the next page in place of the first, keeping the filter', async () => {
    bot = await startTestBot({ account: { ...TEST_ACCOUNT, domains } });
    await bot.send('hosts example.com', { user: VIEWER });
    const page = lastEphemeral(bot, VIEWER);
    expect(buttonsOf(page).map((button) => button.action_id)).toEqual(['hosts.next']);

    await clickButton(bot, page, 'hosts.next', VIEWER);

    const text = visibleText(page);
    expect(page.edits).toBe(1);
    expect(text).toContain('Page 2 of 2.');
    expect(text).toContain('d29.example.com');
    expect(text).not.toContain('d00.example.com');
    expect(buttonsOf(page).map((button) => button.action_id)).toEqual(['hosts.previous']);
  });
});
