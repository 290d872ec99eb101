/**
 * Who may manage, run and list a digest (issue 18, point 1): the caller needs the digest command's role in the
 * digest's channel, and every domain it reads must be served by an account both channels may use. Refusals come
 * before any traffic figure is fetched, anything is stored or posted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEW_CHANNEL,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** Wangsu only: the "Wangsu-only channel". */
const CN_CHANNEL = 'C0CNOPS001';
/** Every account. */
const MIXED_CHANNEL = 'C0MIXED001';
const channelLink = (id: string) => `<#${id}|${id.toLowerCase()}>`;

/** Config digests due at 07:00 Asia/Shanghai: the bot starts at 10:00, beyond the grace, so none posts at start-up. */
const OPS_DAILY = {
  name: 'ops-daily',
  channel: OPS_CHANNEL,
  schedule: '0 7 * * *',
  domains: ['www.example.com'],
};
const READERS_DAILY = {
  name: 'readers-daily',
  channel: VIEW_CHANNEL,
  schedule: '0 7 * * *',
  domains: ['www.example.com'],
};
const CN_DAILY = { name: 'cn-daily', channel: CN_CHANNEL, schedule: '0 7 * * *', domains: 'all' };

function start() {
  return startTestBot({
    wangsu: {},
    config: {
      channels: {
        // The "channel scoped to the Tencent account".
        [OPS_CHANNEL]: { role: 'admin', providers: ['tencent-prod'] },
        [CN_CHANNEL]: { role: 'admin', providers: ['wangsu-prod'] },
        [VIEW_CHANNEL]: { role: 'viewer' },
        [MIXED_CHANNEL]: { role: 'admin' },
      },
      digests: [OPS_DAILY, READERS_DAILY, CN_DAILY],
    },
  });
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

function postsIn(test: TestBot, channel: string) {
  return test.slack.messages.filter((message) => message.channel === channel && !message.ephemeral);
}

/** Calls that fetch traffic figures, at either provider. */
function reportCalls(test: TestBot): string[] {
  return [
    ...test.tencent.calls
      .filter((call) => call.action === 'DescribeCdnData' || call.action === 'ListTopData')
      .map((call) => `tencent ${call.action}`),
    ...test
      .wangsu!.calls.filter((call) => call.path.startsWith('/api/report/'))
      .map((call) => `wangsu ${call.path}`),
  ];
}

describe('/cdn digest across channels', () => {
  it.each([
    [
      "a Wangsu-only channel's domains, from a channel scoped to the Tencent account",
      ADMIN,
      OPS_CHANNEL,
      `digest add ws2 --channel ${channelLink(CN_CHANNEL)} --schedule "0 9 * * *" --domains cdn.example.cn,img.example.cn`,
      `\`digest add\`: not served by an account both <#${OPS_CHANNEL}> and <#${CN_CHANNEL}> may use: \`cdn.example.cn\`, \`img.example.cn\`. Ask in <#${CN_CHANNEL}>.`,
    ],
    [
      'all domains of a channel that also reads an account the caller’s channel may not use',
      ADMIN,
      OPS_CHANNEL,
      `digest add all-of-mixed --channel ${channelLink(MIXED_CHANNEL)} --schedule "0 9 * * *" --domains all`,
      `\`digest add\`: a digest of all domains in <#${MIXED_CHANNEL}> reads \`wangsu-prod\`, which <#${OPS_CHANNEL}> may not use. Name domains of accounts both channels may use (\`tencent-prod\`), or ask in <#${MIXED_CHANNEL}>.`,
    ],
    [
      'a digest posting to a viewer-only channel, from an operator',
      OPERATOR,
      OPS_CHANNEL,
      `digest add readers --channel ${channelLink(VIEW_CHANNEL)} --schedule "0 9 * * *" --domains www.example.com`,
      `\`digest add\` for a digest in <#${VIEW_CHANNEL}> needs operator there; <#${VIEW_CHANNEL}> allows at most viewer.`,
    ],
    [
      // Refused before this fix too (the domain check used the digest channel's accounts); kept as a guard.
      'a domain of an account the target channel may not use, from a channel that may use it',
      ADMIN,
      MIXED_CHANNEL,
      `digest add cn-in-ops --channel ${channelLink(OPS_CHANNEL)} --schedule "0 9 * * *" --domains www.example.com,cdn.example.cn`,
      `Not served by any account <#${OPS_CHANNEL}> may use: \`cdn.example.cn\`.`,
    ],
  ])(
    'refuses to add %s, before anything is fetched or stored',
    async (_case, user, channel, command, expected) => {
      bot = await start();

      await bot.send(command, { user, channel });

      const reply = lastReply(bot);
      expect(reply.ephemeral).toBe(true);
      expect(visibleText(reply)).toContain(expected);
      expect(await bot.bot.services.store.digests.list()).toEqual([]);
      expect(reportCalls(bot)).toEqual([]);
      expect((await bot.bot.services.store.audit.query({ since: 0, limit: 5, offset: 0 })).entries).toEqual(
        [],
      );
    },
  );

  it('refuses the issue’s ws2 end to end: add from the Tencent channel, then run --dry-run reaches no Wangsu report', async () => {
    bot = await start();
    const ws2 = `digest add ws2 --channel ${channelLink(CN_CHANNEL)} --schedule "0 9 * * *" --domains cdn.example.cn,img.example.cn`;

    await bot.send(ws2, { user: ADMIN, channel: OPS_CHANNEL });
    await bot.send('digest run ws2 --dry-run', { user: ADMIN, channel: OPS_CHANNEL });

    expect(visibleText(lastReply(bot))).toContain('There is no digest named `ws2`.');
    expect(bot.wangsu!.calls).toEqual([]);
    expect(reportCalls(bot)).toEqual([]);
  });

  it('refuses to run a digest into a channel where the caller lacks the role, with --dry-run or without', async () => {
    bot = await start();

    await bot.send('digest run readers-daily --dry-run', { user: OPERATOR, channel: OPS_CHANNEL });
    const dryRun = lastReply(bot);
    await bot.send('digest run readers-daily', { user: OPERATOR, channel: OPS_CHANNEL });
    const run = lastReply(bot);

    const refusal = `\`digest run\` for a digest in <#${VIEW_CHANNEL}> needs operator there; <#${VIEW_CHANNEL}> allows at most viewer.`;
    expect(dryRun.ephemeral).toBe(true);
    expect(visibleText(dryRun)).toContain(refusal);
    expect(run.ephemeral).toBe(true);
    expect(visibleText(run)).toContain(refusal);
    expect(postsIn(bot, VIEW_CHANNEL)).toEqual([]);
    expect(reportCalls(bot)).toEqual([]);
  });

  it('refuses to run a config digest that reads an account the caller’s channel may not use', async () => {
    bot = await start();

    await bot.send('digest run cn-daily --dry-run', { user: ADMIN, channel: OPS_CHANNEL });

    expect(visibleText(lastReply(bot))).toContain(
      `\`digest run\`: a digest of all domains in <#${CN_CHANNEL}> reads \`wangsu-prod\`, which <#${OPS_CHANNEL}> may not use.`,
    );
    expect(bot.wangsu!.calls).toEqual([]);
    expect(reportCalls(bot)).toEqual([]);
  });

  it("refuses to remove another channel's digest, and keeps it", async () => {
    bot = await start();
    await bot.send(
      `digest add cn-extra --channel ${channelLink(CN_CHANNEL)} --schedule "0 9 * * *" --domains all`,
      {
        user: ADMIN,
        channel: CN_CHANNEL,
      },
    );
    const added = await bot.bot.services.store.digests.get('cn-extra');

    await bot.send('digest remove cn-extra', { user: ADMIN, channel: OPS_CHANNEL });

    expect(added).toBeDefined();
    expect(visibleText(lastReply(bot))).toContain(
      `\`digest remove\`: a digest of all domains in <#${CN_CHANNEL}> reads \`wangsu-prod\`, which <#${OPS_CHANNEL}> may not use.`,
    );
    expect(await bot.bot.services.store.digests.get('cn-extra')).toEqual(added);
    expect(postsIn(bot, CN_CHANNEL).filter((message) => message.text.includes('removed'))).toEqual([]);
    expect(reportCalls(bot)).toEqual([]);
  });

  it("lists only the digests of the caller's own channel, and those of channels it could manage from there", async () => {
    bot = await start();
    await bot.send(
      `digest add cn-extra --channel ${channelLink(CN_CHANNEL)} --schedule "0 9 * * *" --domains all`,
      {
        user: ADMIN,
        channel: CN_CHANNEL,
      },
    );

    await bot.send('digest list', { user: ADMIN, channel: OPS_CHANNEL });
    const fromOps = visibleText(lastReply(bot));
    await bot.send('digest list', { user: ADMIN, channel: MIXED_CHANNEL });
    const fromMixed = visibleText(lastReply(bot));

    expect(fromOps).toContain('*1 digest* · times in Asia/Shanghai');
    expect(fromOps).toContain('*ops-daily*');
    expect(fromOps).not.toContain('readers-daily');
    expect(fromOps).not.toContain('cn-daily');
    expect(fromOps).not.toContain('cn-extra');
    // #mixed may use every account and its admin is admin in #ops and #cn too; #readers allows at most viewer.
    expect(fromMixed).toContain('*3 digests*');
    expect(fromMixed).toContain('*ops-daily*');
    expect(fromMixed).toContain('*cn-daily*');
    expect(fromMixed).toContain('*cn-extra*');
    expect(fromMixed).not.toContain('readers-daily');
    expect(reportCalls(bot)).toEqual([]);
  });

  it('refuses to manage a digest whose channel left the allowlist, and shows it to no channel', async () => {
    bot = await start();
    await bot.bot.services.store.digests.add({
      name: 'stranded',
      channel: 'C0GONE0001',
      schedule: '0 9 * * *',
      domains: 'all',
      metrics: ['flux'],
      createdBy: ADMIN,
      createdAt: bot.clock.now(),
    });

    await bot.send('digest remove stranded', { user: ADMIN, channel: MIXED_CHANNEL });
    const removed = visibleText(lastReply(bot));
    await bot.send('digest list', { user: ADMIN, channel: MIXED_CHANNEL });

    expect(removed).toContain(
      "`digest remove`: the digest's channel <#C0GONE0001> is not listed under `channels:` in cdnops.yml",
    );
    expect(removed).toContain('`npx cdnops digest remove <name>`');
    expect(await bot.bot.services.store.digests.get('stranded')).toBeDefined();
    expect(visibleText(lastReply(bot))).not.toContain('stranded');
  });

  it('still manages and runs a digest of another channel when the caller has the role there and the accounts here', async () => {
    bot = await start();

    await bot.send(
      `digest add shop --channel ${channelLink(OPS_CHANNEL)} --schedule "0 9 * * *" --domains www.example.com`,
      { user: ADMIN, channel: MIXED_CHANNEL },
    );
    const added = lastReply(bot);
    await bot.send('digest run shop', { user: ADMIN, channel: MIXED_CHANNEL });
    // The run's progress note, posted before the digest, became this answer.
    const ran = bot.slack.messages.filter((message) => message.ephemeral).at(-1)!;
    await bot.send('digest remove shop', { user: ADMIN, channel: MIXED_CHANNEL });

    expect(visibleText(added)).toContain(`added digest *shop*: posts to <#${OPS_CHANNEL}>`);
    expect(visibleText(ran)).toBe(`:white_check_mark: Posted digest *shop* to <#${OPS_CHANNEL}>.`);
    expect(
      postsIn(bot, OPS_CHANNEL).filter((message) => message.text.startsWith('Digest shop')),
    ).toHaveLength(1);
    expect(reportCalls(bot).length).toBeGreaterThan(0);
    expect(reportCalls(bot).filter((call) => !call.startsWith('tencent '))).toEqual([]);
    expect(await bot.bot.services.store.digests.list()).toEqual([]);
  });
});
