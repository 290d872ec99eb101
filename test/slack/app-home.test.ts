import { afterEach, describe, expect, it } from 'vitest';
import {
  clickOnView,
  openHome,
  publishedHome,
  type RecordedView,
  viewText,
} from '../support/slack-payloads.ts';
import {
  ADMIN,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function start(options: Parameters<typeof startTestBot>[0] = {}) {
  return startTestBot({
    ...options,
    config: {
      users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' },
      ...options.config,
    },
  });
}

function buttons(view: RecordedView): { action_id: string; value: string }[] {
  return (view.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);
}

const stops = (test: TestBot) => test.tencent.calls.filter((call) => call.action === 'StopCdnDomain');
const card = (test: TestBot) =>
  test.slack.messages.find((message) => !message.ephemeral && !message.threadTs)!;
const requestId = (test: TestBot) => /Change request `([A-Z0-9]{6})`/.exec(visibleText(card(test)))![1]!;

describe('the App Home', () => {
  it('lists a pending approval the visitor can decide, with the card’s own buttons', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const id = requestId(bot);

    const status = await openHome(bot, ADMIN);

    expect(status).toBe(200);
    const home = publishedHome(bot, ADMIN);
    expect(home.type).toBe('home');
    const text = viewText(home);
    expect(text).toContain('*Waiting for your decision* (1)');
    expect(text).toContain('Approval needed:* stop www.example.com on tencent-prod');
    expect(text).toContain(`In <#${OPS_CHANNEL}>`);
    expect(buttons(home)).toEqual([
      expect.objectContaining({ action_id: 'change.approve', value: id }),
      expect.objectContaining({ action_id: 'change.reject', value: id }),
    ]);
  });

  it.each([
    ['the requester', OPERATOR],
    ['a viewer', VIEWER],
  ])('lists no approval for %s, who may not decide it', async (_who, user) => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    await openHome(bot, user);

    const home = publishedHome(bot, user);
    expect(viewText(home)).toContain('*Waiting for your decision* (0)');
    expect(viewText(home)).toContain('Nothing waits for you.');
    expect(buttons(home)).toEqual([]);
  });

  it('lists only approvals for configured approvers when approvers are named', async () => {
    bot = await startTestBot({
      config: {
        users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' },
        approvals: { approvers: [SECOND_ADMIN] },
      },
    });
    await bot.send('offline www.example.com', { user: OPERATOR });

    await openHome(bot, ADMIN);
    await openHome(bot, SECOND_ADMIN);

    expect(buttons(publishedHome(bot, ADMIN))).toEqual([]);
    expect(buttons(publishedHome(bot, SECOND_ADMIN)).map((button) => button.action_id)).toEqual([
      'change.approve',
      'change.reject',
    ]);
  });

  it('approves from the Home: the change runs, the card is updated, the Home says so and lists it no more', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const id = requestId(bot);
    await openHome(bot, ADMIN);

    await clickOnView(bot, publishedHome(bot, ADMIN), 'change.approve', ADMIN);

    expect(stops(bot)).toHaveLength(1);
    expect(visibleText(card(bot))).toContain(`*stop www.example.com on tencent-prod*: done by <@${ADMIN}>`);
    const home = publishedHome(bot, ADMIN);
    expect(viewText(home)).toContain(`You approved request \`${id}\``);
    expect(viewText(home)).toContain('*Waiting for your decision* (0)');
  });

  it('refuses a Home click by someone who may not decide, on their own Home, and changes nothing', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    await openHome(bot, ADMIN);

    await clickOnView(bot, publishedHome(bot, ADMIN), 'change.approve', VIEWER);

    expect(stops(bot)).toEqual([]);
    expect(viewText(publishedHome(bot, VIEWER))).toContain(
      `Only an admin of <#${OPS_CHANNEL}> may approve changes`,
    );
    expect(card(bot).edits).toBe(0);
  });

  it('shows the quota left per account and the visitor’s own recent purges', async () => {
    bot = await start();
    await bot.send('purge https://www.example.com/a.js', { user: OPERATOR });
    await bot.send('purge https://static.example.com/b.js', { user: ADMIN });

    await openHome(bot, OPERATOR);

    const text = viewText(publishedHome(bot, OPERATOR));
    expect(text).toContain('*tencent-prod* URL purge mainland *9,998* of 10,000');
    expect(text).toMatch(
      /:outbox_tray: 2026-11-23 10:00 · `www\.example\.com` on `tencent-prod` · submitted \(1 sent\) · task `[^`]+`/,
    );
    expect(text).not.toContain('static.example.com');
    expect(text).toContain(`<#${OPS_CHANNEL}> operator, <#${VIEW_CHANNEL}> viewer`);
  });

  it('says when an account’s quota could not be read, and still publishes the rest', async () => {
    bot = await start({ wangsu: {} });
    bot.tencent.faults.push({
      action: 'DescribePurgeQuota',
      kind: 'error',
      code: 'UnauthorizedOperation.CdnCamUnauthorized',
    });

    await openHome(bot, VIEWER);

    const text = viewText(publishedHome(bot, VIEWER));
    expect(text).toContain(
      '*tencent-prod* :x: could not be read: `UnauthorizedOperation.CdnCamUnauthorized`',
    );
    expect(text).toMatch(/\*wangsu-prod\* URL purge/);
  });

  it('lists the digests stored for the visitor’s channels', async () => {
    bot = await start();
    await bot.bot.services.store.digests.add({
      name: 'morning-traffic',
      channel: OPS_CHANNEL,
      schedule: '0 9 * * *',
      domains: ['www.example.com'],
      metrics: ['flux'],
      createdBy: ADMIN,
      createdAt: bot.clock.now(),
    });

    await openHome(bot, VIEWER);

    expect(viewText(publishedHome(bot, VIEWER))).toContain(
      `*morning-traffic* in <#${OPS_CHANNEL}> · cron \`0 9 * * *\` · \`www.example.com\``,
    );
  });

  it('lists the digests of the config file too, marked as such', async () => {
    bot = await start({
      config: {
        digests: [{ name: 'daily-traffic', channel: OPS_CHANNEL, schedule: '0 9 * * *', domains: 'all' }],
      },
    });

    await openHome(bot, VIEWER);

    expect(viewText(publishedHome(bot, VIEWER))).toContain(
      `*daily-traffic* in <#${OPS_CHANNEL}> · cron \`0 9 * * *\` · all domains · from the config file`,
    );
  });

  it('stays within 100 blocks however many approvals wait', async () => {
    const domains = Array.from({ length: 30 }, (_, index) => ({ domain: `d${index}.example.com` }));
    bot = await start({ account: { ...TEST_ACCOUNT, domains } });
    for (const { domain } of domains) await bot.send(`offline ${domain}`, { user: OPERATOR });

    await openHome(bot, ADMIN);

    const publish = bot.slack.calls.filter((call) => call.method === 'views.publish').at(-1)!;
    expect(publish.error).toBeUndefined();
    const home = publishedHome(bot, ADMIN);
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(viewText(home)).toContain('*Waiting for your decision* (30)');
    expect(viewText(home)).toContain('22 more requests:');
  });
});
