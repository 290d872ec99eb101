import { afterEach, describe, expect, it } from 'vitest';
import { formatWallTime } from '../../src/time/zoned-time.ts';
import { clickButton, startTestBot, type TestBot, VIEWER, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Purges `url` and returns the task id its answer shows. */
async function purge(test: TestBot, url: string): Promise<string> {
  const posted = test.slack.messages.length;
  await test.send(`purge ${url}`);
  const answer = test.slack.messages.slice(posted).find((message) => !message.ephemeral);
  const taskId = answer && /task `([^`]+)`/.exec(visibleText(answer))?.[1];
  if (!taskId) throw new Error(`no task id in the answer to purging ${url}`);
  return taskId;
}

function historyCalls(test: TestBot) {
  return test.tencent.calls.filter((call) => call.action === 'DescribePurgeTasks');
}

/** The last DescribePurgeTasks call; stop the follower first when purges were made, or it may be one of its polls. */
function lastHistoryParams(test: TestBot): Record<string, unknown> {
  return historyCalls(test).at(-1)!.params as Record<string, unknown>;
}

/** Stops the follower's polling (DescribePurgeTasks by TaskId), so every later history call is the command's. */
async function stopFollowing(test: TestBot): Promise<void> {
  await test.bot.services.follower.stop();
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

describe('/cdn purges', () => {
  it('lists what was purged, newest first, with task ids', async () => {
    bot = await startTestBot();
    const older = await purge(bot, 'https://www.example.com/first.js');
    bot.clock.advance(5 * 60_000);
    const newer = await purge(bot, 'https://static.example.com/second.css');

    await bot.send('purges');

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text).toContain('*2 purge records*');
    const rows = [...text.matchAll(/· (https:\/\/\S+)\n {6}URL · task `([^`]+)` · `tencent-prod`/g)].map(
      (match) => [match[1], match[2]],
    );
    expect(rows).toEqual([
      ['https://static.example.com/second.css', newer],
      ['https://www.example.com/first.js', older],
    ]);
  });

  it('narrows to one task with --task, asking the provider by task id', async () => {
    bot = await startTestBot();
    const first = await purge(bot, 'https://www.example.com/first.js');
    await purge(bot, 'https://www.example.com/second.js');
    await stopFollowing(bot);

    await bot.send(`purges --task ${first}`);

    const text = visibleText(lastReply(bot));
    expect(text).toContain(`*1 purge record* · task \`${first}\``);
    expect(text).toContain('https://www.example.com/first.js');
    expect(text).not.toContain('second.js');
    expect(lastHistoryParams(bot)).toEqual({ TaskId: first, Offset: 0, Limit: 100 });
  });

  it('narrows to one domain with --domain, which the provider gets as its Keyword', async () => {
    bot = await startTestBot();
    await purge(bot, 'https://www.example.com/a.js');
    await purge(bot, 'https://static.example.com/b.js');
    await stopFollowing(bot);

    await bot.send('purges --domain static.example.com');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('https://static.example.com/b.js');
    expect(text).not.toContain('https://www.example.com/a.js');
    expect(lastHistoryParams(bot)).toMatchObject({ Keyword: 'static.example.com' });
  });

  it('refuses a --domain no account serves, naming it, without asking for history', async () => {
    bot = await startTestBot();

    await bot.send('purges --domain nosuch.example.org');

    expect(visibleText(lastReply(bot))).toContain(
      '`nosuch.example.org` is not served by any account this channel may use.',
    );
    expect(historyCalls(bot)).toEqual([]);
  });

  it.each([
    [
      'a date that does not exist',
      () => '--from 2026-13-40',
      '--from 2026-13-40 is not a date I can read.\nWrite --from 2026-11-20, --from "2026-11-20 14:30", today or yesterday (times are Asia/Shanghai).',
    ],
    [
      'a --from more than 30 days back',
      (now: number) => `--from ${formatWallTime(now - 31 * DAY_MS, 'Asia/Shanghai').slice(0, 10)}`,
      'Purge history is kept for 30 days.',
    ],
    [
      'a --from after --to',
      (now: number) =>
        `--from ${formatWallTime(now, 'Asia/Shanghai').slice(0, 10)} --to ${formatWallTime(now - 2 * DAY_MS, 'Asia/Shanghai').slice(0, 10)}`,
      '--from is after --to.\nSwap them, e.g. --from 2026-11-20 --to 2026-11-21.',
    ],
  ])('refuses %s, saying how to write it, without asking the provider', async (_case, flags, message) => {
    bot = await startTestBot();

    await bot.send(`purges ${flags(bot.clock.now())}`);

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(message);
    expect(visibleText(reply)).toContain('Usage: `/cdn purges');
    expect(bot.tencent.calls).toEqual([]);
  });

  it.each([
    // The sandbox, like Tencent, speaks UTC+8: the same wall time as Shanghai.
    ['Asia/Shanghai', '2026-11-20 00:00:00', '2026-11-21 23:59:59'],
    ['UTC', '2026-11-20 08:00:00', '2026-11-22 07:59:59'],
  ])('reads --from and --to as dates in the configured timezone (%s)', async (timezone, start, end) => {
    bot = await startTestBot({ config: { timezone } });

    await bot.send('purges --from 2026-11-20 --to 2026-11-21');

    expect(lastHistoryParams(bot)).toMatchObject({ StartTime: start, EndTime: end });
    expect(visibleText(lastReply(bot))).toContain(`2026-11-20 00:00 – 2026-11-21 23:59 (${timezone})`);
  });

  it('asks for the last 24 hours when no dates are given', async () => {
    bot = await startTestBot();
    const now = bot.clock.now();

    await bot.send('purges');

    const params = lastHistoryParams(bot);
    expect(params.EndTime).toBe(`${formatWallTime(now, 'Asia/Shanghai')}:00`);
    expect(params.StartTime).toBe(`${formatWallTime(now - DAY_MS, 'Asia/Shanghai')}:00`);
    expect(visibleText(lastReply(bot))).toContain('_Nothing was purged in this range._');
  });

  it('pages a history longer than one page, with the true total, by --page and by the Next button', async () => {
    bot = await startTestBot();
    // One purge of 45 URLs: 45 records, more than a page of 40.
    const urls = Array.from(
      { length: 45 },
      (_, index) => `https://www.example.com/p/${String(index).padStart(2, '0')}.js`,
    );
    await bot.send(`purge ${urls.join(' ')}`);
    await stopFollowing(bot);

    await bot.send('purges --domain www.example.com', { user: VIEWER });
    const first = lastReply(bot);
    const firstText = visibleText(first);
    expect(firstText).toContain('*45 purge records*');
    expect(firstText).toContain('Page 1 of 2.');
    expect(firstText).toContain('`/cdn purges --domain www.example.com --page 2`');
    expect([...firstText.matchAll(/· https:\/\/www\.example\.com\/p\//g)]).toHaveLength(40);
    const buttons = (
      first.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    ).flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));
    expect(buttons.map((button) => button.action_id)).toEqual(['purges.next']);

    await bot.send('purges --domain www.example.com --page 2', { user: VIEWER });
    const typed = visibleText(lastReply(bot));
    expect(typed).toContain('*45 purge records*');
    expect(typed).toContain('Page 2 of 2.');
    expect([...typed.matchAll(/· https:\/\/www\.example\.com\/p\//g)]).toHaveLength(5);

    await clickButton(bot, first, 'purges.next', VIEWER);
    const clicked = visibleText(first);
    expect(first.edits).toBe(1);
    expect(clicked).toContain('Page 2 of 2.');
    // The flags ride along: still only www.example.com, still 45 in all.
    expect(clicked).toContain('*45 purge records* · ');
    expect(clicked).toContain('`www.example.com`');
    expect([...clicked.matchAll(/· https:\/\/www\.example\.com\/p\//g)]).toHaveLength(5);
    expect(lastHistoryParams(bot)).toMatchObject({ Keyword: 'www.example.com' });
  });

  it('answers for the 3 days Wangsu keeps when asked for 7, and says so', async () => {
    bot = await startTestBot({ wangsu: {} });
    await bot.send('purge https://cdn.example.cn/a.js https://www.example.com/b.js');
    await stopFollowing(bot);

    await bot.send('purges --last 7d');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('*2 purge records*');
    expect(text).toContain('https://cdn.example.cn/a.js');
    expect(text).toContain('https://www.example.com/b.js');
    expect(text).toContain('`wangsu-prod` keeps purge status for 3 days only: its records are from');
    expect(text).not.toContain('`error`');
    expect(text).not.toContain(':warning:');
    const query = bot.wangsu!.calls.filter((call) => call.path === '/ccm/purge/ItemIdQuery').at(-1)!;
    expect(query.status).toBe(200);
  });

  it('lists prefetch tasks from both providers with --prefetch', async () => {
    bot = await startTestBot({ wangsu: {} });
    await bot.send('prefetch https://www.example.com/warm.js https://cdn.example.cn/warm.css');
    await bot.send('purge https://www.example.com/purged.js');
    await stopFollowing(bot);

    await bot.send('purges --prefetch');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('*2 prefetch records*');
    expect(text).toContain('https://www.example.com/warm.js');
    expect(text).toContain('https://cdn.example.cn/warm.css');
    expect(text).toContain('`tencent-prod` 1 · `wangsu-prod` 1');
    expect(text).not.toContain('purged.js');
    expect(bot.tencent.calls.some((call) => call.action === 'DescribePushTasks')).toBe(true);
    expect(bot.wangsu!.calls.some((call) => call.path === '/ccm/fetch/ItemIdQuery')).toBe(true);
  });
});
