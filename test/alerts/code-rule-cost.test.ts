import { afterEach, describe, expect, it } from 'vitest';
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
const DOMAINS = manyDomains(65);

function start() {
  return startTestBot({
    startAt: NINE_PM,
    account: {
      secretId: 'AKIDtestprod0000000000000000000000',
      secretKey: 'test-prod-secret-key-00000000000',
      domains: DOMAINS.map((domain) => ({ domain })),
    },
    config: {
      store: ':memory:',
      watches: [{ name: 'errors', channel: OPS_CHANNEL, domains: 'all', when: '5xx > 2%', for: '10m' }],
    },
  });
}

function metricOf(params: unknown): string | undefined {
  return (params as { Metric?: string } | undefined)?.Metric;
}

describe('a status-code rule on Tencent', () => {
  it('costs two ListTopData calls per 30 domains plus the request batches, not calls per domain, and still fires', async () => {
    bot = await start();
    bot.tencent.startIncident('d03.example.com', { from: NINE_PM, serverErrorShare: 0.1 });
    bot.tencent.startIncident('d48.example.com', { from: NINE_PM, serverErrorShare: 0.1 });

    const costs: { listTop: number; requests: number; codes: number }[] = [];
    for (const at of [NINE_PM + 5 * MINUTE + 30_000, NINE_PM + 10 * MINUTE + 30_000]) {
      const before = bot.tencent.calls.length;
      bot.clock.set(at);
      await bot.bot.alerts.tick(at);
      const made = bot.tencent.calls.slice(before);
      costs.push({
        listTop: made.filter((call) => call.action === 'ListTopData').length,
        requests: made.filter(
          (call) => call.action === 'DescribeCdnData' && metricOf(call.params) === 'request',
        ).length,
        codes: made.filter((call) => call.action === 'DescribeCdnData' && metricOf(call.params) !== 'request')
          .length,
      });
    }

    // 65 domains are 3 batches of at most 30: 2 ListTopData calls and 1 request call each.
    expect(costs).toEqual([
      { listTop: 6, requests: 3, codes: 0 },
      { listTop: 6, requests: 3, codes: 0 },
    ]);
    const alerts = bot.slack.messages.filter(
      (message) => message.channel === OPS_CHANNEL && !message.threadTs && /^Alert/.test(message.text),
    );
    expect(alerts).toHaveLength(1);
    const shown = visibleText(alerts[0]!).replaceAll('&gt;', '>');
    expect(shown).toMatch(/^• `d(03|48)\.example\.com` 1\d\.\d% \(threshold 2\.0%\)$/m);
    expect(shown).toContain('d03.example.com');
    expect(shown).toContain('d48.example.com');
    expect(shown).not.toContain('d04.example.com');
    // Each evaluation counts only the interval it judges; the sparkline shows the hour the rule state kept
    // (20:55 judged at start-up, before the spike, then 21:00 and 21:05).
    expect(shown).toMatch(/` {9}▁[▁▂▃▄▅▆▇█]{2}` last hour of `d(03|48)\.example\.com`/);
  });
});
