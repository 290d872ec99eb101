import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/dispatch/run-command.ts';
import {
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
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

function purgeCalls(test: TestBot) {
  return test.tencent.calls.filter(
    (call) => call.action === 'PurgeUrlsCache' || call.action === 'PurgePathCache',
  );
}

describe('/cdn purge', () => {
  it('purges through a signed call, answers with the task id, and edits the answer when the task is done', async () => {
    bot = await startTestBot();

    await bot.send('purge <https://www.example.com/a.js>');

    const [call] = purgeCalls(bot);
    expect(call).toMatchObject({
      action: 'PurgeUrlsCache',
      errorCode: undefined,
      params: { Urls: ['https://www.example.com/a.js'] },
    });
    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    expect(posted.channel).toBe(OPS_CHANNEL);
    const submittedText = visibleText(posted);
    const taskId = /task `([^`]+)`/.exec(submittedText)?.[1];
    expect(taskId).toBeDefined();
    expect(
      bot.tencent.calls
        .filter((c) => c.action === 'DescribePurgeTasks')
        .every((c) => (c.params as { TaskId: string }).TaskId === taskId),
    ).toBe(true);
    expect(submittedText).toContain('in progress');

    await bot.slack.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));

    expect(posted.edits).toBe(1);
    const finalText = visibleText(posted);
    expect(finalText).toContain('done');
    expect(finalText).not.toContain('in progress');
    expect(bot.tencent.calls.some((c) => c.action === 'DescribePurgeTasks')).toBe(true);
  });

  it('reports the URLs of a task that failed', async () => {
    bot = await startTestBot();
    bot.tencent.failUrl('https://www.example.com/broken.js');

    await bot.send('purge https://www.example.com/ok.js https://www.example.com/broken.js');
    await bot.slack.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));

    const text = visibleText(bot.slack.messages.find((message) => !message.ephemeral)!);
    expect(text).toContain('failed: https://www.example.com/broken.js');
    expect(text).toContain('finished with 1 failure');
  });

  it.each([
    [
      'a URL on a domain no account serves',
      'purge https://unknown.example.org/a.js',
      /unknown\.example\.org.*not served by any account/,
    ],
    [
      'an ftp:// URL',
      'purge ftp://www.example.com/a.js',
      /not an http\(s\) URL: `ftp:\/\/www\.example\.com\/a\.js`/,
    ],
    ['a stopped domain', 'purge https://old.example.com/a.js', /old\.example\.com` is offline/],
  ])('refuses %s by name and sends nothing', async (_case, text, message) => {
    bot = await startTestBot();

    await bot.send(text);

    expect(purgeCalls(bot)).toEqual([]);
    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toMatch(message);
  });

  it('refuses in a channel that is not in the allowlist, without calling any provider', async () => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/a.js', { channel: 'C0NOTALLOWD' });

    expect(bot.tencent.calls).toEqual([]);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('not enabled in this channel (C0NOTALLOWD)');
  });

  it.each([
    ['a viewer in an operator channel', VIEWER, OPS_CHANNEL, 'you are viewer'],
    ['an operator in a viewer channel', OPERATOR, VIEW_CHANNEL, 'this channel allows at most viewer'],
  ])('tells %s that purge needs operator, and sends nothing', async (_case, user, channel, reason) => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/a.js', { user, channel });

    expect(bot.tencent.calls).toEqual([]);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain(`\`purge\` needs operator; ${reason}`);
  });

  it("refuses a purge larger than what is left of today's quota, with the numbers", async () => {
    bot = await startTestBot({ sandbox: { quotas: { urlPurge: { batch: 1000, total: 3 } } } });
    await bot.send('purge https://www.example.com/1.js https://www.example.com/2.js');

    await bot.send('purge https://www.example.com/3.js https://www.example.com/4.js');

    expect(purgeCalls(bot)).toHaveLength(1);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain(
      "2 URLs for tencent-prod (mainland) but only 1 of today's 3 URL purges are left",
    );
  });

  it('sends 1,500 URLs as two requests, chunked by the batch size the quota call reports', async () => {
    bot = await startTestBot();
    const urls = Array.from({ length: 1500 }, (_, index) => `https://static.example.com/f/${index}.png`);

    // 1,500 URLs are far more than a slash command holds (Slack stops at 4,000 characters, and so does cdnops):
    // they come already split, as from the command line, through the same pipeline and the same Slack messenger.
    const replies: unknown[] = [];
    await runCommand(
      {
        text: `purge ${urls.join(' ')}`,
        tokens: ['purge', ...urls],
        userId: OPERATOR,
        channelId: OPS_CHANNEL,
      },
      bot.bot.services,
      async (reply) => {
        replies.push(reply);
      },
    );

    const calls = purgeCalls(bot);
    expect(calls.map((call) => (call.params as { Urls: string[] }).Urls.length)).toEqual([1000, 500]);
    expect(calls.every((call) => call.errorCode === undefined)).toBe(true);
    expect(visibleText(bot.slack.messages.find((message) => !message.ephemeral)!)).toContain('1,500 URLs');
  });

  it('drops duplicates and fragments before sending and says so', async () => {
    bot = await startTestBot();

    await bot.send(
      'purge https://www.example.com/a.js https://WWW.example.com/a.js#top, https://www.example.com/a.js',
    );

    expect((purgeCalls(bot)[0]!.params as { Urls: string[] }).Urls).toEqual(['https://www.example.com/a.js']);
    expect(
      bot.slack.messages.some((m) => m.ephemeral && m.text === '2 duplicates dropped before sending.'),
    ).toBe(true);
  });

  it('asks the provider to encode non-ASCII URLs instead of encoding them itself', async () => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/图片/a.png');

    expect(purgeCalls(bot)[0]!.params).toEqual({
      Urls: ['https://www.example.com/图片/a.png'],
      UrlEncode: true,
    });
  });

  it('purges directories with FlushType flush, or delete with --all', async () => {
    bot = await startTestBot();

    await bot.send('purge --dir https://www.example.com/static');
    await bot.send('purge --dir --all https://www.example.com/img/');

    expect(purgeCalls(bot).map((call) => call.params)).toEqual([
      { Paths: ['https://www.example.com/static/'], FlushType: 'flush' },
      { Paths: ['https://www.example.com/img/'], FlushType: 'delete' },
    ]);
  });

  it('shows the plan for --dry-run and sends nothing', async () => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/a.js https://static.example.com/b.js --dry-run');

    expect(purgeCalls(bot)).toEqual([]);
    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain('would purge 2 URLs in 1 request. Nothing was sent.');
  });

  it('retries once after an HTTP 503, which says the purge was not taken, and succeeds', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'PurgeUrlsCache', kind: 'http5xx', status: 503 });

    await bot.send('purge https://www.example.com/a.js');

    const calls = purgeCalls(bot);
    expect(calls.map((call) => call.httpStatus)).toEqual([503, 200]);
    expect(visibleText(bot.slack.messages.find((m) => !m.ephemeral)!)).toMatch(/task `[^`]+`/);
  });

  it('does not send a purge again after a gateway 502, which may come after Tencent acted; it asks instead', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'PurgeUrlsCache', kind: 'http5xx', status: 502 });

    await bot.send('purge https://www.example.com/a.js');

    expect(purgeCalls(bot).map((call) => call.httpStatus)).toEqual([502]);
    expect(bot.tencent.calls.some((call) => call.action === 'DescribePurgeTasks')).toBe(true);
    expect(visibleText(bot.slack.messages.find((m) => !m.ephemeral)!)).toContain(
      'Outcome reconciled: Tencent has no task for these URLs since the request was sent, so it was not applied.',
    );
  });

  it('shows AuthFailure.SignatureFailure with its code and request id when the key is wrong', async () => {
    bot = await startTestBot({ configuredSecretKey: 'not-the-right-key-000000000000000' });

    await bot.send('purge https://www.example.com/a.js');

    const failed = bot.tencent.calls.find((call) => call.errorCode === 'AuthFailure.SignatureFailure')!;
    expect(failed).toBeDefined();
    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('`AuthFailure.SignatureFailure`');
    expect(text).toContain(`request id \`${failed.requestId}\``);
    expect(text).toContain('secretKey configured for this account does not match');
    expect(bot.logs.join('\n')).not.toContain('not-the-right-key-000000000000000');
  });

  it('resumes following from the store after the follower was stopped, and edits the message once', async () => {
    bot = await startTestBot();
    await bot.bot.services.follower.stop();
    await bot.send('purge https://www.example.com/a.js');
    const posted = bot.slack.messages.find((m) => !m.ephemeral)!;
    expect(posted.edits).toBe(0);

    bot.clock.advance(5 * 60_000);
    bot.bot.services.follower.start();
    await bot.slack.waitFor(() => posted.edits === 1);

    expect(visibleText(posted)).toContain('done');
  });

  it('says nothing will follow a purge Wangsu refused entirely, shows its code, and follows nothing', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('purge --dir --all https://cdn.example.cn/abc/');

    const submit = bot.wangsu!.calls.find((call) => call.path === '/ccm/purge/ItemIdReceiver')!;
    expect(submit.body).toMatchObject({ dirs: ['https://cdn.example.cn/abc/'], dirAction: 'delete' });
    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    const text = visibleText(posted);
    expect(text).toContain('refused by the provider');
    expect(text).toContain('`wangsu-prod` refused 1 directory: `Code=0` dirAction "delete" is disabled');
    expect(text).not.toContain('`0`');
    expect(text).not.toContain('Following the tasks');
    expect(text).toContain('nothing will follow');
    expect(posted.blocks.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
    expect(await bot.bot.services.store.follows.due(Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
  });
});
