import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxAccount } from '../../sandbox/tencent/index.ts';
import {
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

const AREAS_ACCOUNT: SandboxAccount = {
  ...TEST_ACCOUNT,
  domains: [
    { domain: 'www.example.com' },
    { domain: 'video.example.com', area: 'overseas' },
    { domain: 'global.example.com', area: 'global' },
    { domain: 'old.example.com', status: 'offline' },
  ],
};

function pushCalls(test: TestBot) {
  return test.tencent.calls.filter((call) => call.action === 'PushUrlsCache');
}

describe('/cdn prefetch', () => {
  it('sends PushUrlsCache, answers with the task id, and edits the answer when the task is done', async () => {
    bot = await startTestBot();

    await bot.send('prefetch https://www.example.com/video/intro.mp4');

    expect(pushCalls(bot).map((call) => [call.params, call.errorCode])).toEqual([
      [{ Urls: ['https://www.example.com/video/intro.mp4'] }, undefined],
    ]);
    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    expect(posted.channel).toBe(OPS_CHANNEL);
    const submitted = visibleText(posted);
    expect(submitted).toContain('*Prefetch*');
    expect(submitted).toContain('in progress');
    const taskId = /task `([^`]+)`/.exec(submitted)?.[1];
    expect(taskId).toBeDefined();

    await bot.slack.waitFor(() => posted.edits === 1);

    const polls = bot.tencent.calls.filter((call) => call.action === 'DescribePushTasks');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((call) => (call.params as { TaskId?: string }).TaskId === taskId)).toBe(true);
    expect(bot.tencent.calls.some((call) => call.action === 'DescribePurgeTasks')).toBe(false);
    const finished = visibleText(posted);
    expect(finished).toContain(`task \`${taskId}\``);
    expect(finished).toContain('done');
    expect(finished).not.toContain('in progress');
  });

  it('lists the URLs the origin could not serve once the task ends', async () => {
    bot = await startTestBot();
    bot.tencent.failUrl('https://www.example.com/missing.mp4');

    await bot.send('prefetch https://www.example.com/ok.mp4 https://www.example.com/missing.mp4');
    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    await bot.slack.waitFor(() => posted.edits === 1);

    const text = visibleText(posted);
    expect(text).toContain('failed: https://www.example.com/missing.mp4');
    expect(text).not.toContain('failed: https://www.example.com/ok.mp4');
  });

  it.each([
    ['a mainland domain without an Area', 'www.example.com', undefined],
    ['an overseas domain with Area overseas', 'video.example.com', 'overseas'],
    ['a global domain with Area global', 'global.example.com', 'global'],
  ])('prefetches %s', async (_case, domain, area) => {
    bot = await startTestBot({ account: AREAS_ACCOUNT });

    await bot.send(`prefetch https://${domain}/a.mp4`);

    const [call] = pushCalls(bot);
    expect(call?.errorCode).toBeUndefined();
    expect(call?.params).toEqual({ Urls: [`https://${domain}/a.mp4`], ...(area ? { Area: area } : {}) });
  });

  it('refuses to prefetch on an offline domain and sends nothing', async () => {
    bot = await startTestBot();

    await bot.send('prefetch https://old.example.com/a.mp4');

    expect(pushCalls(bot)).toEqual([]);
    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(
      'Nothing was sent: `old.example.com` is offline.\nPrefetch needs an online domain.',
    );
  });

  it('refuses the whole request when one URL is on an offline domain', async () => {
    bot = await startTestBot();

    await bot.send('prefetch https://www.example.com/a.mp4 https://old.example.com/b.mp4');

    expect(pushCalls(bot)).toEqual([]);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('`old.example.com` is offline');
  });

  it('shows the plan for --dry-run and sends nothing', async () => {
    bot = await startTestBot();

    await bot.send('prefetch https://www.example.com/a.mp4 --dry-run');

    expect(pushCalls(bot)).toEqual([]);
    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('*Dry run*: would prefetch');
    expect(text).toContain('Nothing was sent.');
  });

  it('tells a viewer that prefetch needs operator, and sends nothing', async () => {
    bot = await startTestBot();

    await bot.send('prefetch https://www.example.com/a.mp4', { user: VIEWER, channel: VIEW_CHANNEL });

    expect(bot.tencent.calls).toEqual([]);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('`prefetch` needs operator');
  });
});
