import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BACKUP_ACCOUNT_ID,
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

const CONFIGURED = { name: 'offline', channel: OPS_CHANNEL, domains: 'all', when: 'status != online' };
/** #readers lets operators act, and reads only the backup account, which #ops may not use. */
const CHANNELS = {
  [OPS_CHANNEL]: { role: 'admin', providers: ['tencent-prod'] },
  [VIEW_CHANNEL]: { role: 'operator', providers: [BACKUP_ACCOUNT_ID] },
};
/** Monday 2026-11-23 21:00 in Asia/Shanghai: the evening peak, so every domain has traffic. */
const EVENING = Date.UTC(2026, 10, 23, 13, 0, 0);

function start(store = ':memory:') {
  return startTestBot({
    startAt: EVENING,
    backupTencent: { ...TEST_ACCOUNT, secretId: 'AKIDbackup00000000000000000000000000' },
    config: { store, channels: CHANNELS, watches: [CONFIGURED] },
  });
}

/** The last message as Slack shows it: `&gt;` reads `>`. */
function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!)
    .replaceAll('&gt;', '>')
    .replaceAll('&lt;', '<')
    .replaceAll('&amp;', '&');
}

describe('/cdn watch', () => {
  it('adds a rule that persists and is listed beside the config one, which cannot be removed', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'cdnops-watch-')), 'cdnops.db');
    bot = await start(store);

    await bot.send(
      'watch add shop-errors --domains www.example.com,static.example.com --when "5xx>2%" --for 10m --mention <!subteam^S0ONCALL|@oncall>',
    );

    expect(bot.slack.messages.at(-1)!.ephemeral).toBe(false);
    expect(lastText(bot)).toContain(
      `:rotating_light: <@${OPERATOR}> added watch *shop-errors*: posts to <#${OPS_CHANNEL}> when \`5xx>2%\` holds for 10 minutes · \`www.example.com\`, \`static.example.com\` · mentions <!subteam^S0ONCALL>.`,
    );
    const [entry] = (await bot.bot.services.store.audit.query({ since: 0, limit: 5, offset: 0 })).entries;
    expect(entry).toMatchObject({ action: 'watch add', userId: OPERATOR, outcome: 'done' });

    await bot.restart();
    await bot.send('watch list');
    const listed = lastText(bot);
    expect(listed).toContain('*2 watches*');
    expect(listed).toContain('*offline* · from cdnops.yml (change it there)');
    expect(listed).toContain(`*shop-errors* · added by <@${OPERATOR}> on 2026-11-23`);
    expect(listed).toContain('`5xx>2%` for 10 minutes');
    expect(listed).toContain(
      'Rules from cdnops.yml change only there. To change a rule added here, remove it (`/cdn watch remove <name>`) and add it again.',
    );

    await bot.send('watch remove offline');
    expect(lastText(bot)).toContain(
      'Watch `offline` is defined in cdnops.yml, so it cannot be removed from Slack.',
    );
    await bot.send('watch remove shop-errors');
    expect(lastText(bot)).toContain(`<@${OPERATOR}> removed watch *shop-errors*`);
  });

  it.each([
    ['--when "cert < 14"', 'give the days left with d (or weeks with w), e.g. "cert < 14d"'],
    ['--when "5xx > 2"', 'give the threshold in percent, e.g. "5xx > 2%"'],
    ['--when "latency > 200ms"', 'Write one of: "5xx > 2%"'],
    ['--when "5xx > 2%" --for 3d', 'Write minutes or hours up to 24h'],
    ['', '`watch add` needs --when'],
  ])('refuses `watch add` with %s, saying how to write it, and stores nothing', async (options, problem) => {
    bot = await start();

    await bot.send(`watch add errors --domains all ${options}`);

    expect(lastText(bot)).toContain(problem);
    expect(await bot.bot.services.store.watches.list()).toEqual([]);
  });

  it("refuses a rule for another channel's accounts, and a viewer, before storing anything", async () => {
    bot = await start();

    await bot.send(`watch add theirs --channel <#${VIEW_CHANNEL}|readers> --domains all --when "5xx > 2%"`);
    const refused = lastText(bot);
    await bot.send('watch add mine --domains all --when "5xx > 2%"', { user: VIEWER });

    expect(refused).toContain(
      `\`watch add\`: a watch of all domains in <#${VIEW_CHANNEL}> reads \`${BACKUP_ACCOUNT_ID}\`, which <#${OPS_CHANNEL}> may not use.`,
    );
    expect(lastText(bot)).toMatch(/operator/);
    expect(await bot.bot.services.store.watches.list()).toEqual([]);
  });

  it('tests a rule against the latest reported interval and posts nothing', async () => {
    bot = await start();
    await bot.send('watch add any-errors --domains www.example.com,static.example.com --when "5xx > 0.01%"');
    const before = bot.slack.messages.filter((message) => !message.ephemeral).length;

    await bot.send('watch test any-errors');

    const text = lastText(bot);
    expect(bot.slack.messages.at(-1)!.ephemeral).toBe(true);
    expect(text).toContain('*Test of watch any-errors*');
    expect(text).toContain('Latest interval reported: 2026-11-23 20:55');
    expect(bot.slack.messages.filter((message) => !message.ephemeral).length).toBe(before);
  });

  it('mutes a rule for an hour, shown in the list and the audit log', async () => {
    bot = await start();

    await bot.send('watch mute offline 1h');
    const muted = lastText(bot);
    await bot.send('watch list');

    expect(muted).toContain(`:mute: <@${OPERATOR}> muted watch *offline* for 1 hour, until 2026-11-23 22:00`);
    expect(lastText(bot)).toContain(':mute: muted until 2026-11-23 22:00');
  });
});
