import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function start(extra: Record<string, unknown> = {}) {
  return startTestBot({
    config: {
      users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' },
      ...extra,
    },
  });
}

const stops = (test: TestBot) => test.tencent.calls.filter((call) => call.action === 'StopCdnDomain');
/** The approval card: the first message posted in the channel (outcome notes go in its thread). */
const card = (test: TestBot) =>
  test.slack.messages.find((message) => !message.ephemeral && !message.threadTs)!;
const lastEphemeral = (test: TestBot) =>
  [...test.slack.messages].reverse().find((message) => message.ephemeral)!;

describe('offline and delete need a second person', () => {
  it('posts an approval card for an operator’s /cdn offline and stops nothing yet', async () => {
    bot = await start();

    await bot.send('offline www.example.com', { user: OPERATOR });

    const posted = card(bot);
    expect(posted.channel).toBe(OPS_CHANNEL);
    const text = visibleText(posted);
    expect(text).toContain('Approval needed:* stop www.example.com on tencent-prod');
    expect(text).toContain(`Requested by <@${OPERATOR}>`);
    expect(text).toContain('*status now* online');
    expect(text).toContain('Edge nodes will answer 404');
    expect(text).toMatch(/Change request `[A-Z0-9]{6}` · expires in 1 hour/);
    expect(stops(bot)).toEqual([]);
  });

  it('refuses the requester’s own Approve, privately, and leaves the card as it was', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    await clickButton(bot, card(bot), 'change.approve', OPERATOR);

    expect(stops(bot)).toEqual([]);
    expect(card(bot).edits).toBe(0);
    expect(visibleText(lastEphemeral(bot))).toContain(
      'You asked for this change, so someone else has to approve',
    );
  });

  it.each([
    ['an operator', OPERATOR, 'Only an admin of'],
    ['a viewer', VIEWER, 'Only an admin of'],
  ])('refuses %s who is not an approver', async (_who, user, message) => {
    bot = await start();
    await bot.send('offline www.example.com', { user: SECOND_ADMIN });

    await clickButton(bot, card(bot), 'change.approve', user);

    expect(stops(bot)).toEqual([]);
    expect(visibleText(lastEphemeral(bot))).toContain(message);
  });

  it('stops the domain when an admin approves, updates the card and tells the requester in its thread', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    await clickButton(bot, card(bot), 'change.approve', ADMIN);

    expect(stops(bot).map((call) => [call.params, call.errorCode])).toEqual([
      [{ Domain: 'www.example.com' }, undefined],
    ]);
    expect(bot.tencent.domain('www.example.com').status).toBe('offline');
    const text = visibleText(card(bot));
    expect(text).toContain(`stop www.example.com on tencent-prod*: done by <@${ADMIN}>`);
    expect(text).not.toContain('Approve');
    expect(text).toContain(`provider request id \`${stops(bot)[0]!.requestId}\``);
    // The card's id is cdnops's, the thread's the provider's: each says whose it is.
    expect(text).toMatch(/Change request `[A-Z0-9]{6}` · provider request id `/);
    const cardTs = card(bot).ts;
    const thread = bot.slack.messages.find((message) => message.threadTs === cardTs)!;
    expect(visibleText(thread)).toContain(`<@${OPERATOR}> stop www.example.com on tencent-prod: done`);
    expect(visibleText(thread)).toContain(`· provider request id \`${stops(bot)[0]!.requestId}\``);
  });

  it('calls StopCdnDomain once when two admins approve at the same moment', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const posted = card(bot);

    await Promise.all([
      clickButton(bot, posted, 'change.approve', ADMIN),
      clickButton(bot, posted, 'change.approve', SECOND_ADMIN),
      clickButton(bot, posted, 'change.approve', ADMIN),
    ]);

    expect(stops(bot)).toHaveLength(1);
    expect(visibleText(lastEphemeral(bot))).toMatch(
      /was already (approved|running|done) by <@U0ADMIN00[12]>/,
    );
  });

  it('does the same by text: /cdn approve <id>', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const id = /Change request `([A-Z0-9]{6})`/.exec(visibleText(card(bot)))![1]!;

    await bot.send(`approve ${id.toLowerCase()}`, { user: ADMIN });

    expect(stops(bot)).toHaveLength(1);
    expect(visibleText(card(bot))).toContain('done by');
  });

  it('lets the requester withdraw their own request with Reject: nothing stopped, card and audit say cancelled', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    await clickButton(bot, card(bot), 'change.reject', OPERATOR);

    expect(stops(bot)).toEqual([]);
    expect(visibleText(card(bot))).toContain(`cancelled by <@${OPERATOR}>`);
    await bot.send('audit', { user: ADMIN });
    expect(visibleText(bot.slack.messages.at(-1)!)).toMatch(
      /<@U0OPER0001> · \*offline\* `www\.example\.com` on `tencent-prod` · cancelled/,
    );
  });

  it('lets the requester withdraw by text, /cdn reject <id>, and says so', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const id = /Change request `([A-Z0-9]{6})`/.exec(visibleText(card(bot)))![1]!;

    await bot.send(`reject ${id}`, { user: OPERATOR });

    expect(bot.slack.messages.at(-1)!.text).toBe(`You withdrew your request ${id}.`);
    expect(visibleText(card(bot))).toContain(`cancelled by <@${OPERATOR}>`);
    expect(stops(bot)).toEqual([]);
  });

  it('rejects: nothing is stopped and the card says who rejected it', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    await clickButton(bot, card(bot), 'change.reject', ADMIN);

    expect(stops(bot)).toEqual([]);
    expect(visibleText(card(bot))).toContain(`rejected by <@${ADMIN}>`);
  });

  it('refuses an Approve after expiresAfter and marks the card expired', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });

    bot.clock.advance(60 * 60_000 + 1_000);
    await clickButton(bot, card(bot), 'change.approve', ADMIN);

    expect(stops(bot)).toEqual([]);
    expect(visibleText(lastEphemeral(bot))).toContain('expired before it was decided');
    expect(visibleText(card(bot))).toContain('expired without a decision');
  });

  it('expires a request whose time ran out while the bot was down, and it cannot be approved afterwards', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'cdnops-approvals-')), 'cdnops.db');
    bot = await start({ store });
    await bot.send('offline www.example.com', { user: OPERATOR });
    const posted = card(bot);

    const id = /Change request `([A-Z0-9]{6})`/.exec(visibleText(posted))![1]!;

    bot.clock.advance(2 * 60 * 60_000);
    await bot.restart();

    expect(visibleText(posted)).toContain('expired without a decision');
    expect(posted.blocks.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
    await bot.send(`approve ${id}`, { user: ADMIN });
    expect(stops(bot)).toEqual([]);
    expect(visibleText(lastEphemeral(bot))).toContain(`Change request \`${id}\` was already expired`);
  });

  it('keeps a pending request across a restart and runs it once approved', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'cdnops-approvals-')), 'cdnops.db');
    bot = await start({ store });
    await bot.send('offline www.example.com', { user: OPERATOR });

    await bot.restart();
    await clickButton(bot, card(bot), 'change.approve', ADMIN);

    expect(stops(bot)).toHaveLength(1);
  });

  it('marks a change whose process died mid-run as failed, so the card does not say running forever', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const posted = card(bot);
    const id = /Change request `([A-Z0-9]{6})`/.exec(visibleText(posted))![1]!;
    // As if a process approved it and died while Tencent was stopping the domain.
    await bot.bot.services.store.changes.transition(id, ['pending_approval'], 'running', {
      decidedBy: ADMIN,
      decidedAt: bot.clock.now(),
    });

    bot.clock.advance(21 * 60_000);
    await bot.bot.sweeper.sweep();

    expect(visibleText(posted)).toContain('failed by');
    expect(visibleText(posted)).toContain('cdnops stopped while this change was running');
    await bot.send(`audit --domain www.example.com`, { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toMatch(
      /\*offline\* `www\.example\.com` on `tencent-prod` · failed/,
    );
  });

  it('refuses /cdn delete on an online domain with what to do first, and asks nobody', async () => {
    bot = await start();

    await bot.send('delete www.example.com', { user: OPERATOR });

    expect(bot.slack.messages.some((message) => !message.ephemeral)).toBe(false);
    expect(visibleText(lastEphemeral(bot))).toContain(
      'only a stopped domain can be deleted.\nStop it first with `/cdn offline www.example.com`',
    );
  });

  it('shows the plan for --dry-run and creates no request', async () => {
    bot = await start();

    await bot.send('offline www.example.com --dry-run', { user: OPERATOR });

    expect(bot.slack.messages.some((message) => !message.ephemeral)).toBe(false);
    expect(visibleText(lastEphemeral(bot))).toContain(
      '*Dry run:* stop www.example.com on tencent-prod. Nothing was sent.',
    );
    expect(stops(bot)).toEqual([]);
  });

  it('writes the request, the approval and the result to /cdn audit with the provider request id', async () => {
    bot = await start();
    await bot.send('offline www.example.com', { user: OPERATOR });
    await clickButton(bot, card(bot), 'change.approve', ADMIN);

    await bot.send('audit --domain www.example.com', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('3 audit entries');
    expect(text).toMatch(
      new RegExp(`<@${ADMIN}> · \\*offline\\* \`www.example.com\` on \`tencent-prod\` · done`),
    );
    expect(text).toContain(`request id \`${stops(bot)[0]!.requestId}\``);
    expect(text).toMatch(new RegExp(`<@${OPERATOR}> · \\*offline\\* .* · requested`));
  });
});

describe('changes outside approvals.actions are confirmed by the requester', () => {
  it('asks the requester to confirm /cdn online, and starts the domain on Confirm', async () => {
    bot = await start();
    bot.tencent.domain('www.example.com').status = 'offline';
    bot.bot.services.inventory.invalidate();

    await bot.send('online www.example.com', { user: OPERATOR });
    const preview = lastEphemeral(bot);
    expect(visibleText(preview)).toContain('Confirm:* start www.example.com on tencent-prod');
    expect(bot.tencent.calls.some((call) => call.action === 'StartCdnDomain')).toBe(false);

    await clickButton(bot, preview, 'change.confirm', OPERATOR);

    expect(bot.tencent.calls.filter((call) => call.action === 'StartCdnDomain')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com').status).toBe('online');
    expect(visibleText(bot.slack.messages.find((message) => !message.ephemeral)!)).toContain(
      `<@${OPERATOR}> start www.example.com on tencent-prod: done`,
    );
  });

  it('refuses someone else’s Confirm', async () => {
    bot = await start();
    bot.tencent.domain('www.example.com').status = 'offline';
    bot.bot.services.inventory.invalidate();
    await bot.send('online www.example.com', { user: OPERATOR });

    await clickButton(bot, lastEphemeral(bot), 'change.confirm', ADMIN);

    expect(bot.tencent.calls.some((call) => call.action === 'StartCdnDomain')).toBe(false);
    expect(visibleText(lastEphemeral(bot))).toContain(
      `Only <@${OPERATOR}>, who asked for this change, can confirm it.`,
    );
  });
});
