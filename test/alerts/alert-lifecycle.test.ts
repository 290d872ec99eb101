import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import {
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
/** Monday 2026-11-23 21:00 in Asia/Shanghai: the evening peak, thousands of requests per domain every 5 minutes. */
const NINE_PM = Date.UTC(2026, 10, 23, 13, 0, 0);
const DOMAINS = manyDomains(40);
const RULE = {
  name: 'errors',
  channel: OPS_CHANNEL,
  domains: 'all',
  when: '5xx > 2%',
  for: '10m',
  mention: 'S0ONCALL',
};

function start(rule: Record<string, unknown> = RULE, reportLagMs = 0, store = ':memory:') {
  return startTestBot({
    startAt: NINE_PM,
    sandbox: { reportLagMs },
    account: {
      secretId: 'AKIDtestprod0000000000000000000000',
      secretKey: 'test-prod-secret-key-00000000000',
      domains: DOMAINS.map((domain) => ({ domain })),
    },
    config: { store, watches: [rule] },
  });
}

function fileStore(): string {
  return join(mkdtempSync(join(tmpdir(), 'cdnops-alerts-')), 'cdnops.db');
}

/** A message as Slack shows it: `&gt;` reads `>`. */
function read(message: StandinMessage): string {
  return visibleText(message).replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&amp;', '&');
}

/** Sets the clock and lets the evaluator look, as its 30-second ticker would. */
async function evaluateAt(test: TestBot, at: number): Promise<void> {
  test.clock.set(at);
  await test.bot.alerts.tick(at);
}

/** Alert messages in the channel, not counting thread replies. */
function alertPosts(test: TestBot): StandinMessage[] {
  return test.slack.messages.filter(
    (message) =>
      message.channel === OPS_CHANNEL &&
      !message.ephemeral &&
      !message.threadTs &&
      /^(Alert|Resolved)/.test(message.text),
  );
}

function replies(test: TestBot, parent: StandinMessage): string[] {
  return test.slack.messages
    .filter((message) => message.threadTs === parent.ts)
    .map((message) => message.text);
}

function spike(test: TestBot, domain: string, from: number): void {
  test.tencent.startIncident(domain, { from, serverErrorShare: 0.1 });
}

describe('alerts', () => {
  it('fires one message for a 5xx spike on 2 of 40 domains after --for, edits it, adds one reply when a third joins, and resolves once', async () => {
    bot = await start();
    spike(bot, 'd03.example.com', NINE_PM);
    spike(bot, 'd17.example.com', NINE_PM);

    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    const afterOneInterval = alertPosts(bot).length;
    await evaluateAt(bot, NINE_PM + 10 * MINUTE + 30_000);
    await evaluateAt(bot, NINE_PM + 10 * MINUTE + 45_000);

    expect(afterOneInterval).toBe(0);
    expect(alertPosts(bot)).toHaveLength(1);
    const [alert] = alertPosts(bot);
    const fired = read(alert!);
    expect(fired).toMatch(/^:rotating_light: \*errors\* · `5xx > 2%` on 2 domains <!subteam\^S0ONCALL>$/m);
    expect(fired).toMatch(/^• `d(03|17)\.example\.com` 1\d\.\d% \(threshold 2\.0%\)$/m);
    expect(fired).toContain('d03.example.com');
    expect(fired).toContain('d17.example.com');
    expect(fired).toContain('Since 21:00 (10 minutes) · latest interval 21:05 Asia/Shanghai');
    expect(fired).toMatch(/`[▁▂▃▄▅▆▇█ ]{12}` last hour of `d(03|17)\.example\.com`/);
    expect(JSON.stringify(alert!.blocks)).toContain('"Acknowledge"');

    spike(bot, 'd25.example.com', NINE_PM + 10 * MINUTE);
    await evaluateAt(bot, NINE_PM + 15 * MINUTE + 30_000);
    const repliesWhileTwo = replies(bot, alert!).length;
    await evaluateAt(bot, NINE_PM + 20 * MINUTE + 30_000);

    expect(repliesWhileTwo).toBe(0);
    expect(alert!.edits).toBe(2);
    expect(read(alert!)).toContain('on 3 domains');
    expect(replies(bot, alert!)).toEqual([':arrow_up: Worse: now also `d25.example.com`.']);

    for (const domain of ['d03.example.com', 'd17.example.com', 'd25.example.com']) {
      bot.tencent.endIncident(domain, NINE_PM + 20 * MINUTE);
    }
    await evaluateAt(bot, NINE_PM + 25 * MINUTE + 30_000);
    const stillFiring = read(alert!);
    await evaluateAt(bot, NINE_PM + 30 * MINUTE + 30_000);
    await evaluateAt(bot, NINE_PM + 35 * MINUTE + 30_000);

    expect(stillFiring).toContain(':rotating_light:');
    expect(stillFiring).toContain(':large_yellow_circle: recovering · Since 21:00');
    expect(alertPosts(bot)).toHaveLength(1);
    expect(read(alert!)).toMatch(
      /^:white_check_mark: \*Resolved: errors\* · `5xx > 2%` · lasted 30 minutes \(21:00–21:30 Asia\/Shanghai\)/,
    );
    expect(replies(bot, alert!)).toHaveLength(2);
    expect(replies(bot, alert!)[1]).toMatch(/^:white_check_mark: Resolved after 30 minutes/);
    const audit = await bot.bot.services.store.audit.query({ since: 0, limit: 10, offset: 0 });
    expect(audit.entries.map((entry) => entry.action).reverse()).toEqual(['alert fired', 'alert resolved']);

    await bot.send('watch history errors');
    expect(read(bot.slack.messages.at(-1)!)).toMatch(
      /^• \*errors\* 2026-11-23 21:00 · :white_check_mark: resolved after 30 minutes · `d(03|17)\.example\.com`, `d(03|17)\.example\.com`, `d25\.example\.com`$/m,
    );
  });

  it('does not fire over too few requests', async () => {
    bot = await start({ ...RULE, for: '5m', minRequests: 1_000_000 });
    spike(bot, 'd03.example.com', NINE_PM);

    await evaluateAt(bot, NINE_PM + 10 * MINUTE + 30_000);

    expect(alertPosts(bot)).toEqual([]);
  });

  it('waits for the provider to report an interval rather than read its zeros as silence', async () => {
    bot = await start({ ...RULE, for: '5m', when: 'requests < 10' }, 7 * MINUTE);
    spike(bot, 'd03.example.com', NINE_PM);
    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    const silentAlerts = alertPosts(bot).length;
    await bot.bot.services.store.watches.add({
      name: 'spike',
      channel: OPS_CHANNEL,
      rule: { name: 'spike', channel: OPS_CHANNEL, domains: 'all', when: '5xx > 2%', forMs: 300_000 },
      createdBy: OPERATOR,
      createdAt: NINE_PM,
    });

    await evaluateAt(bot, NINE_PM + 10 * MINUTE + 30_000);
    const beforeReported = alertPosts(bot).length;
    await evaluateAt(bot, NINE_PM + 15 * MINUTE + 30_000);

    expect([silentAlerts, beforeReported]).toEqual([0, 0]);
    expect(alertPosts(bot)).toHaveLength(1);
    expect(read(alertPosts(bot)[0]!)).toContain('latest interval 21:00 Asia/Shanghai');
  });

  it('acknowledges and mutes from the buttons for operators, and refuses viewers', async () => {
    bot = await start({ ...RULE, for: '5m' });
    spike(bot, 'd03.example.com', NINE_PM);
    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    const [alert] = alertPosts(bot);

    await clickButton(bot, alert!, 'alert.acknowledge', VIEWER);
    const refused = read(bot.slack.messages.at(-1)!);
    await clickButton(bot, alert!, 'alert.acknowledge', OPERATOR);
    await clickButton(bot, alert!, 'alert.mute', OPERATOR);

    expect(refused).toContain('`watch` needs operator');
    expect(read(alert!)).toMatch(new RegExp(`:eyes: Acknowledged by <@${OPERATOR}> at 21:05`));
    expect(read(bot.slack.messages.at(-1)!)).toContain(`<@${OPERATOR}> muted watch *errors* for 1 hour`);
    const audit = await bot.bot.services.store.audit.query({ since: 0, limit: 10, offset: 0 });
    expect(audit.entries.map((entry) => entry.action).reverse()).toEqual([
      'alert fired',
      'alert acknowledged',
      'watch mute',
    ]);
  });

  it('keeps one message when the alert changes while its first post is in flight, and shows the change on it', async () => {
    bot = await start({ ...RULE, for: '5m' });
    const { messenger, store } = bot.bot.services;
    const post = messenger.post.bind(messenger);
    // An Acknowledge lands between Slack accepting the post and cdnops recording the message's ts.
    messenger.post = async (channel, message) => {
      const ref = await post(channel, message);
      const firing = await store.alerts.firing('errors');
      if (firing) await store.alerts.update(firing.id, firing.version, { acknowledgedBy: OPERATOR });
      return ref;
    };
    spike(bot, 'd03.example.com', NINE_PM);

    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    messenger.post = post;
    for (const minutes of [10, 15, 20]) await evaluateAt(bot, NINE_PM + minutes * MINUTE + 30_000);

    expect(alertPosts(bot)).toHaveLength(1);
    expect(read(alertPosts(bot)[0]!)).toMatch(new RegExp(`:eyes: Acknowledged by <@${OPERATOR}>`));
    expect((await store.alerts.firing('errors'))?.messageTs).toBe(alertPosts(bot)[0]!.ts);
  });

  it('closes the firing alert of a rule removed from Slack, so it is not listed as firing for ever', async () => {
    bot = await start({ ...RULE, name: 'from-file', for: '5m' });
    await bot.send('watch add added --domains d03.example.com --when "5xx > 2%"');
    spike(bot, 'd03.example.com', NINE_PM);
    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    const firing = (await bot.bot.services.store.alerts.allFiring()).map((alert) => alert.name).sort();

    await bot.send('watch remove added');

    expect(firing).toEqual(['added', 'from-file']);
    expect((await bot.bot.services.store.alerts.allFiring()).map((alert) => alert.name)).toEqual([
      'from-file',
    ]);
    const added = alertPosts(bot).find((message) => message.text.startsWith('Alert added'))!;
    expect(replies(bot, added)).toEqual([`:wastebasket: Closed: <@${OPERATOR}> removed watch added.`]);
  });

  it('posts one message when two processes on one store evaluate the same interval at once', async () => {
    bot = await start({ ...RULE, for: '5m' }, 0, fileStore());
    const replica = await bot.startReplica();
    spike(bot, 'd03.example.com', NINE_PM);
    const at = NINE_PM + 5 * MINUTE + 30_000;
    bot.clock.set(at);

    await Promise.all([bot.bot.alerts.tick(at), replica.alerts.tick(at), replica.alerts.tick(at + 1_000)]);

    expect(alertPosts(bot)).toHaveLength(1);
    expect(await bot.bot.services.store.alerts.recent(0, 'errors', 5)).toHaveLength(1);
  });

  it("takes over an evaluation whose process died holding its claim, once the claim's lease runs out", async () => {
    bot = await start({ ...RULE, for: '5m' });
    spike(bot, 'd03.example.com', NINE_PM);
    const slot = NINE_PM + 5 * MINUTE;
    await bot.bot.services.store.watchEvaluations.claim({
      name: 'errors',
      dueAt: slot,
      claimedBy: 'a-process-that-died',
      claimedAt: slot,
      leaseUntil: slot + 60_000,
    });

    await evaluateAt(bot, slot + 30_000);
    const whileLeased = alertPosts(bot).length;
    await evaluateAt(bot, slot + 90_000);

    expect(whileLeased).toBe(0);
    expect(alertPosts(bot)).toHaveLength(1);
    expect(bot.logs.some((line) => line.includes('took over a watch evaluation'))).toBe(true);
  });
});
