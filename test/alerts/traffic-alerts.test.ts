import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import { OPERATOR, OPS_CHANNEL, startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
/** Monday 2026-11-23 21:00 in Asia/Shanghai: the evening peak. */
const NINE_PM = Date.UTC(2026, 10, 23, 13, 0, 0);

function read(message: StandinMessage): string {
  return visibleText(message).replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&amp;', '&');
}

async function evaluateAt(test: TestBot, at: number): Promise<void> {
  test.clock.set(at);
  await test.bot.alerts.tick(at);
}

const alertPosts = (test: TestBot) =>
  test.slack.messages.filter(
    (message) =>
      message.channel === OPS_CHANNEL &&
      !message.ephemeral &&
      !message.threadTs &&
      /^(Alert|Resolved)/.test(message.text),
  );

function start(watches: Record<string, unknown>[]) {
  return startTestBot({ startAt: NINE_PM, wangsu: {}, config: { watches } });
}

/** Evaluates every 5 minutes from 21:05 for `intervals` intervals. */
async function run(test: TestBot, from: number, intervals: number): Promise<void> {
  for (let i = 0; i < intervals; i += 1) await evaluateAt(test, from + i * 5 * MINUTE + 30_000);
}

describe('alerts on traffic jumps and on Wangsu domains', () => {
  it('fires bandwidth and traffic-change rules when a Tencent domain’s traffic jumps, naming only that domain', async () => {
    bot = await start([
      {
        name: 'surge',
        channel: OPS_CHANNEL,
        domains: ['www.example.com', 'static.example.com'],
        when: 'traffic change > 50%',
      },
      {
        name: 'pipe',
        channel: OPS_CHANNEL,
        domains: ['www.example.com', 'static.example.com'],
        when: 'bandwidth > 50Mbps',
      },
    ]);
    await bot.send('watch test pipe', { user: OPERATOR });
    const calm = read(bot.slack.messages.at(-1)!);

    bot.tencent.startIncident('www.example.com', { from: NINE_PM, trafficFactor: 20 });
    await run(bot, NINE_PM + 5 * MINUTE, 1);

    expect(calm).toContain('*Nothing crosses the threshold*');
    const posts = alertPosts(bot).map(read);
    expect(posts).toHaveLength(2);
    const surge = posts.find((text) => text.includes('*surge*'))!;
    expect(surge).toMatch(/• `www\.example\.com` [\d,.]+% \(threshold 50\.0%\)/);
    expect(surge).not.toContain('static.example.com');
    expect(posts.find((text) => text.includes('*pipe*'))).toMatch(
      /• `www\.example\.com` [\d.]+ Mbps \(threshold 50(\.0+)? Mbps\)/,
    );
  });

  it('fires a 5xx rule on a Wangsu domain and resolves it once the spike ends', async () => {
    bot = await start([
      {
        name: 'errors',
        channel: OPS_CHANNEL,
        domains: ['cdn.example.cn', 'img.example.cn'],
        when: '5xx > 2%',
        for: '10m',
      },
    ]);
    bot.wangsu!.startIncident('cdn.example.cn', { from: NINE_PM, serverErrorShare: 0.1 });

    await run(bot, NINE_PM + 5 * MINUTE, 2);
    const fired = alertPosts(bot).map(read);
    bot.wangsu!.endIncident('cdn.example.cn', NINE_PM + 10 * MINUTE);
    await run(bot, NINE_PM + 15 * MINUTE, 3);

    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(/• `cdn\.example\.cn` 1\d\.\d% \(threshold 2\.0%\)/);
    expect(fired[0]).not.toContain('img.example.cn');
    expect(alertPosts(bot)).toHaveLength(1);
    expect(read(alertPosts(bot)[0]!)).toMatch(/^:white_check_mark: \*Resolved: errors\*/);
  });

  it('judges a Wangsu domain’s traffic change from the per-domain status-code report, and resolves it', async () => {
    bot = await start([
      {
        name: 'surge',
        channel: OPS_CHANNEL,
        domains: ['cdn.example.cn', 'img.example.cn'],
        when: 'traffic change > 50%',
      },
    ]);
    bot.wangsu!.startIncident('img.example.cn', { from: NINE_PM, trafficFactor: 3 });

    await run(bot, NINE_PM + 5 * MINUTE, 1);
    const fired = alertPosts(bot).map(read);
    bot.wangsu!.endIncident('img.example.cn', NINE_PM + 5 * MINUTE);
    await run(bot, NINE_PM + 10 * MINUTE, 2);

    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(/• `img\.example\.cn` [\d.]+% \(threshold 50\.0%\)/);
    expect(fired[0]).not.toContain('cdn.example.cn');
    expect(read(alertPosts(bot)[0]!)).toMatch(/^:white_check_mark: \*Resolved: surge\*/);
    const reports = bot.wangsu!.calls.map((call) => call.path);
    expect(reports.filter((path) => path === '/api/report/domainhit')).toEqual([]);
  });
});
