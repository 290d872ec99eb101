import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import { OPS_CHANNEL, startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
/** Monday 2026-11-23 21:00 in Asia/Shanghai: the evening peak. */
const NINE_PM = Date.UTC(2026, 10, 23, 13, 0, 0);
/** 3 batches of at most 30 domains: d00–d29, d30–d59, d60–d64. */
const DOMAINS = manyDomains(65);

function start(when: string, forLength: string) {
  return startTestBot({
    startAt: NINE_PM,
    account: {
      secretId: 'AKIDtestprod0000000000000000000000',
      secretKey: 'test-prod-secret-key-00000000000',
      domains: DOMAINS.map((domain) => ({ domain })),
    },
    config: {
      store: ':memory:',
      watches: [{ name: 'errors', channel: OPS_CHANNEL, domains: 'all', when, for: forLength }],
    },
  });
}

function metricOf(params: unknown): string | undefined {
  return (params as { Metric?: string } | undefined)?.Metric;
}

/** Evaluates at each time and counts the Tencent calls each evaluation made. */
async function costsAt(test: TestBot, times: readonly number[]) {
  const costs: { listTop: number; requests: number; codes: number }[] = [];
  for (const at of times) {
    const before = test.tencent.calls.length;
    test.clock.set(at);
    await test.bot.alerts.tick(at);
    const made = test.tencent.calls.slice(before);
    costs.push({
      listTop: made.filter((call) => call.action === 'ListTopData').length,
      requests: made.filter(
        (call) => call.action === 'DescribeCdnData' && metricOf(call.params) === 'request',
      ).length,
      codes: made.filter((call) => call.action === 'DescribeCdnData' && metricOf(call.params) !== 'request')
        .length,
    });
  }
  return costs;
}

const read = (message: StandinMessage) =>
  visibleText(message).replaceAll('&gt;', '>').replaceAll('&lt;', '<');
const alertPosts = (test: TestBot) =>
  test.slack.messages.filter(
    (message) => message.channel === OPS_CHANNEL && !message.threadTs && /^Alert/.test(message.text),
  );
const replies = (test: TestBot, alert: StandinMessage) =>
  test.slack.messages.filter((message) => message.threadTs === alert.ts).map((message) => message.text);

describe('a status-code rule on Tencent', () => {
  it('costs one ListTopData and one request call per 30 domains while healthy, one more ListTopData for a batch with a spike, and fires on the exact figure', async () => {
    bot = await start('5xx > 2%', '10m');
    // Evaluated 4 minutes into each interval, the first ranking runs 9 minutes past the start of the interval judged:
    // a bound well above the interval's own count.
    const late = (interval: number) => NINE_PM + (5 * interval + 4) * MINUTE;
    const healthy = await costsAt(bot, [late(1)]);

    bot.tencent.startIncident('d03.example.com', { from: NINE_PM + 10 * MINUTE, serverErrorShare: 0.1 });
    // 21:05 is still clean, but its bound holds four minutes of the spike: d03's batch is counted exactly.
    const spiking = await costsAt(bot, [late(2), late(3), late(4)]);

    expect(healthy).toEqual([{ listTop: 3, requests: 3, codes: 0 }]);
    expect(spiking).toEqual([
      { listTop: 4, requests: 3, codes: 0 },
      { listTop: 4, requests: 3, codes: 0 },
      { listTop: 4, requests: 3, codes: 0 },
    ]);
    expect(alertPosts(bot)).toHaveLength(1);
    const shown = read(alertPosts(bot)[0]!);
    // The interval's own 10% (and the domain's usual few 5xx), not the bound's nine minutes over five (about 18%).
    expect(shown).toMatch(/^• `d03\.example\.com` 10\.\d% \(threshold 2\.0%\)$/m);
    expect(shown).toContain('on 1 domain');
    // The hour the rule state kept: 20:55 (at start-up), 21:00 (its bound, under the clearing level), 21:05, then
    // the spike at 21:10 and 21:15.
    expect(shown).toMatch(/` {7}▁{3}[▇█]{2}` last hour of `d03\.example\.com`/);
  });

  it('keeps counting a firing domain exactly: one between 80% and 100% of the threshold is shown with its figure and does not resolve', async () => {
    bot = await start('5xx > 10%', '5m');
    bot.tencent.startIncident('d03.example.com', { from: NINE_PM, serverErrorShare: 0.3 });
    const early = (interval: number) => NINE_PM + 5 * interval * MINUTE + 30_000;
    const firing = await costsAt(bot, [early(1)]);
    bot.tencent.endIncident('d03.example.com', NINE_PM + 5 * MINUTE);
    // From 21:05 about 9% fail: under the threshold, over the clearing level (8%).
    bot.tencent.startIncident('d03.example.com', { from: NINE_PM + 5 * MINUTE, serverErrorShare: 0.085 });

    const easing = await costsAt(bot, [early(2), early(3), early(4)]);

    expect(firing).toEqual([{ listTop: 4, requests: 3, codes: 0 }]);
    expect(easing).toEqual(Array(3).fill({ listTop: 4, requests: 3, codes: 0 }));
    expect(alertPosts(bot)).toHaveLength(1);
    const alert = alertPosts(bot)[0]!;
    expect(read(alert)).toMatch(/^:rotating_light: /);
    expect(read(alert)).not.toContain('recovering');
    expect(read(alert)).toMatch(/^• `d03\.example\.com` [89]\.\d% \(threshold 10\.0%\)$/m);
    expect(replies(bot, alert)).toEqual([]);
  });

  it('never screens a `<` rule: an upper bound says nothing about a figure falling under its threshold', async () => {
    bot = await start('5xx < 0.01%', '1h');

    const costs = await costsAt(bot, [NINE_PM + 5 * MINUTE + 30_000]);

    expect(costs).toEqual([{ listTop: 6, requests: 3, codes: 0 }]);
  });
});
