import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

/** Due at 07:00 Asia/Shanghai: the bot starts at 10:00, beyond the grace, so nothing is posted at start-up. */
const DAILY = {
  name: 'daily',
  channel: VIEW_CHANNEL,
  schedule: '0 7 * * *',
  domains: ['www.example.com'],
};
/** How Slack sends a channel picked after `#`: the tokenizer makes it `#C0VIEW0001`. */
const READERS = `<#${VIEW_CHANNEL}|readers>`;
/** Tuesday 2026-11-24 08:30 in Asia/Shanghai. */
const TUESDAY_0830 = Date.UTC(2026, 10, 24, 0, 30, 0);

/**
 * These tests manage and run digests of #readers from #ops (OPS_CHANNEL), so the operator needs operator in #readers
 * too: managing or running a digest needs the role in the digest's channel (test/commands/digest-access.test.ts).
 * The test bot's #readers is viewer-only; here it allows operator, and still every account, like #ops.
 */
const CHANNELS = {
  [OPS_CHANNEL]: { role: 'admin' },
  [VIEW_CHANNEL]: { role: 'operator' },
};

function start(store = ':memory:') {
  return startTestBot({ config: { store, channels: CHANNELS, digests: [DAILY] } });
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

/**
 * The caller's own answer: a run's note of its progress was posted before the digest and then edited into the
 * answer, so it is the newest private message, not the newest message.
 */
function callerReply(test: TestBot) {
  return test.slack.messages.filter((message) => message.ephemeral).at(-1)!;
}

function postsIn(test: TestBot, channel: string) {
  return test.slack.messages.filter((message) => message.channel === channel && !message.ephemeral);
}

describe('/cdn digest', () => {
  it('adds a digest that persists, lists it beside the config one, and posts it on its schedule', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'cdnops-digest-cmd-')), 'cdnops.db');
    bot = await start(store);

    await bot.send(
      `digest add shop --channel ${READERS} --schedule "30 8 * * 1-5" --domains www.example.com,static.example.com --metrics flux,request`,
    );

    const added = lastReply(bot);
    expect(added.ephemeral).toBe(false);
    expect(visibleText(added)).toBe(
      `:calendar: <@${OPERATOR}> added digest *shop*: posts to <#${VIEW_CHANNEL}> on \`30 8 * * 1-5\` (Asia/Shanghai), next 2026-11-24 08:30 · \`www.example.com\`, \`static.example.com\` · flux, request.`,
    );
    const [entry] = (await bot.bot.services.store.audit.query({ since: 0, limit: 5, offset: 0 })).entries;
    expect(entry).toMatchObject({ action: 'digest add', userId: OPERATOR, outcome: 'done' });

    await bot.restart();
    await bot.send('digest list');

    const listed = visibleText(lastReply(bot));
    expect(listed).toContain('*2 digests* · times in Asia/Shanghai');
    expect(listed).toContain('*daily* · from cdnops.yml (change it there)');
    expect(listed).toContain(`*shop* · added by <@${OPERATOR}> on 2026-11-23`);
    expect(listed).toContain(`<#${VIEW_CHANNEL}> · \`30 8 * * 1-5\` (next 2026-11-24 08:30)`);

    bot.clock.set(TUESDAY_0830);
    await bot.bot.digests.tick(TUESDAY_0830);

    const posted = postsIn(bot, VIEW_CHANNEL).filter((message) => message.text.startsWith('Digest shop,'));
    expect(posted).toHaveLength(1);
    const text = visibleText(posted[0]!);
    expect(text).toContain('Digest shop: Monday 2026-11-23');
    expect(text).toMatch(/^\*Traffic\* /m);
    expect(text).toMatch(/^\*Requests\* /m);
    expect(text).not.toMatch(/^\*Peak bandwidth\*/m);
  });

  it.each([
    [
      'a name it cannot use',
      `digest add Shop! --channel ${READERS} --schedule "0 9 * * *" --domains all`,
      'is not a digest name I can use.\nUse lower-case letters, digits, - and _',
    ],
    [
      'the name of a config digest',
      `digest add daily --channel ${READERS} --schedule "0 9 * * *" --domains all`,
      'A digest named `daily` is already defined in cdnops.yml.',
    ],
    [
      'no channel',
      'digest add shop --schedule "0 9 * * *" --domains all',
      '`digest add` needs --channel: where the digest is posted.\nType --channel # and pick the channel.',
    ],
    [
      'a channel typed as a name',
      'digest add shop --channel #random --schedule "0 9 * * *" --domains all',
      '--channel #random is not a channel I can recognise.\nType --channel # and pick the channel from the list',
    ],
    [
      'a channel not on the allowlist',
      'digest add shop --channel <#C0RANDOM01|random> --schedule "0 9 * * *" --domains all',
      '<#C0RANDOM01> is not listed under `channels:` in cdnops.yml, so no digest may post there.',
    ],
    [
      'a cron with four fields',
      `digest add shop --channel ${READERS} --schedule "0 9 * *" --domains all`,
      '--schedule "0 9 * *" must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 9 * * *".\nWrite five fields in quotes',
    ],
    [
      'a minute that does not exist',
      `digest add shop --channel ${READERS} --schedule "61 9 * * *" --domains all`,
      '--schedule "61 9 * * *" is not a cron expression cdnops can read (Invalid value for minute: 61).',
    ],
    [
      'a schedule more often than hourly',
      `digest add shop --channel ${READERS} --schedule "*/5 * * * *" --domains all`,
      'runs more often than once an hour',
    ],
    [
      'no domains',
      `digest add shop --channel ${READERS} --schedule "0 9 * * *"`,
      '`digest add` needs --domains: which domains the digest covers.\nWrite --domains all, or the domains separated by commas',
    ],
    [
      'all and domains at once',
      `digest add shop --channel ${READERS} --schedule "0 9 * * *" --domains all,www.example.com`,
      '--domains is either `all` or a list of domains, not both.',
    ],
    [
      'a domain no account of the channel serves',
      `digest add shop --channel ${READERS} --schedule "0 9 * * *" --domains www.example.com,nope.example.org`,
      `Not served by any account <#${VIEW_CHANNEL}> may use: \`nope.example.org\`.`,
    ],
    [
      'an unknown metric',
      `digest add shop --channel ${READERS} --schedule "0 9 * * *" --domains all --metrics flux,latency`,
      '--metrics: `latency` is not a digest metric.\nChoose from flux, bandwidth, request, statusCode, hitRate',
    ],
    [
      'an option of add given to list',
      `digest list --channel ${READERS}`,
      '`digest list` does not take --channel. It goes with `digest add`.',
    ],
    ['an unknown subcommand', 'digest frobnicate', '`digest frobnicate` is not something digest does.'],
    ['remove without a name', 'digest remove', "`digest remove` needs the digest's name."],
  ])('refuses %s and says how to write it', async (_case, command, expected) => {
    bot = await start();

    await bot.send(command);

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(expected);
    expect(await bot.bot.services.store.digests.list()).toEqual([]);
  });

  it('refuses to remove a digest from cdnops.yml, and removes an added one', async () => {
    bot = await start();
    await bot.send(`digest add shop --channel ${READERS} --schedule "0 9 * * *" --domains all`);

    await bot.send('digest remove daily');
    const refused = visibleText(lastReply(bot));
    await bot.send('digest remove shop --dry-run');
    const dryRun = visibleText(lastReply(bot));
    const stillThere = await bot.bot.services.store.digests.get('shop');
    await bot.send('digest remove shop');
    const removed = visibleText(lastReply(bot));
    await bot.send('digest remove shop');

    expect(refused).toContain('Digest `daily` is defined in cdnops.yml, so it cannot be removed from Slack.');
    expect(refused).toContain('Ask an admin to delete it from `digests:` in cdnops.yml');
    expect(dryRun).toContain('*Dry run:* digest *shop*');
    expect(stillThere).toBeDefined();
    expect(removed).toBe(
      `:wastebasket: <@${OPERATOR}> removed digest *shop*; it no longer posts to <#${VIEW_CHANNEL}>.`,
    );
    expect(visibleText(lastReply(bot))).toContain('There is no digest named `shop`.\nDigests: `daily`.');
    expect(await bot.bot.services.store.digests.list()).toEqual([]);
  });

  it('names the digest a removal touched in /cdn audit, where other entries name their domain', async () => {
    bot = await start();
    await bot.send(`digest add shop --channel ${READERS} --schedule "0 9 * * *" --domains all`);
    await bot.send('digest remove shop');

    await bot.send('audit');

    expect(visibleText(lastReply(bot))).toMatch(/\*digest remove\* shop: \S+ 0 9 \* \* \* · done/);
  });

  it('posts a digest now with run, and only shows it to the caller with --dry-run', async () => {
    bot = await start();

    await bot.send('digest run daily --dry-run');
    const preview = lastReply(bot);
    const postedAfterDryRun = postsIn(bot, VIEW_CHANNEL).length;
    await bot.send('digest run daily');

    expect(preview.ephemeral).toBe(true);
    expect(visibleText(preview)).toContain(
      `:mag: *Dry run:* this is what would be posted to <#${VIEW_CHANNEL}>. Nothing was posted.`,
    );
    expect(visibleText(preview)).toContain('Digest daily: Sunday 2026-11-22');
    expect(postedAfterDryRun).toBe(0);
    const posted = postsIn(bot, VIEW_CHANNEL);
    expect(posted).toHaveLength(1);
    expect(visibleText(posted[0]!)).toContain('Digest daily: Sunday 2026-11-22');
    expect(visibleText(callerReply(bot))).toBe(
      `:white_check_mark: Posted digest *daily* to <#${VIEW_CHANNEL}>.`,
    );
    const [entry] = (await bot.bot.services.store.audit.query({ since: 0, limit: 5, offset: 0 })).entries;
    expect(entry).toMatchObject({ action: 'digest run', channel: OPS_CHANNEL, outcome: 'done' });
  });

  it('shows the caller how far a run has got in one private message that becomes the answer, and posts the digest once', async () => {
    bot = await start();
    const seen: string[] = [];
    bot.slack.onChange((change) => {
      if (change.call.method === 'response_url' && change.message)
        seen.push(`${change.kind}: ${visibleText(change.message)}`);
    });

    await bot.send('digest run daily');

    // Traffic (the day with the day before; the same day a week before, its bandwidth added up apart), status
    // codes and top URLs.
    expect(seen[0]).toBe(
      'ephemeral: :hourglass_flowing_sand: Reading the figures of digest daily: batch 1 of 5…',
    );
    expect(seen.at(-1)).toBe(`updated: :white_check_mark: Posted digest *daily* to <#${VIEW_CHANNEL}>.`);
    expect(seen.slice(1).every((state) => state.startsWith('updated: '))).toBe(true);
    expect(postsIn(bot, VIEW_CHANNEL)).toHaveLength(1);
  });

  it('is for operators: a viewer is refused', async () => {
    bot = await start();

    await bot.send('digest list', { user: VIEWER, channel: VIEW_CHANNEL });

    expect(visibleText(lastReply(bot))).toContain('`digest` needs operator');
  });
});
