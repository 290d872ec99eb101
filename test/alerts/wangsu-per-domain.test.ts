import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import type { WangsuCall } from '../../sandbox/wangsu/types.ts';
import {
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  visibleText,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
/** Monday 2026-11-23 21:00 in Asia/Shanghai: the evening peak. */
const NINE_PM = Date.UTC(2026, 10, 23, 13, 0, 0);
const WANGSU_DOMAINS = ['cdn.example.cn', 'img.example.cn', 'video.example.cn'];

function read(message: StandinMessage): string {
  return visibleText(message).replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&amp;', '&');
}

const alertPosts = (test: TestBot) =>
  test.slack.messages.filter(
    (message) =>
      message.channel === OPS_CHANNEL &&
      !message.ephemeral &&
      !message.threadTs &&
      /^(Alert|Resolved)/.test(message.text),
  );

function start(watches: Record<string, unknown>[], domains?: readonly string[], reportLagMs?: number) {
  return startTestBot({
    startAt: NINE_PM,
    wangsu: {
      ...(domains ? { account: { ...WANGSU_ACCOUNT, domains: domains.map((domain) => ({ domain })) } } : {}),
      ...(reportLagMs === undefined ? {} : { sandbox: { reportLagMs } }),
    },
    config: { watches },
  });
}

/** Evaluates at `at` and returns the Wangsu report calls that evaluation made. */
async function evaluateAt(test: TestBot, at: number): Promise<WangsuCall[]> {
  const before = test.wangsu!.calls.length;
  test.clock.set(at);
  await test.bot.alerts.tick(at);
  return test.wangsu!.calls.slice(before).filter((call) => call.path.startsWith('/api/report'));
}

/** The one domain each call named, by report. */
function askedPerCall(calls: readonly WangsuCall[], path: string): string[][] {
  return calls
    .filter((call) => call.path === path)
    .map((call) => {
      const body = call.body as { 'domain-list'?: { 'domain-name': string[] }; domain?: string[] };
      return body['domain-list']?.['domain-name'] ?? body.domain ?? [];
    });
}

describe('Wangsu bandwidth and hit-rate rules, one call per domain within the budget share', () => {
  it('fires a bandwidth rule from the domain’s own figure, not the sum of the batch, at one call per domain', async () => {
    // Normally cdn.example.cn runs about 80 Mbps and img.example.cn about 17: together above 90, neither alone.
    bot = await start([
      { name: 'pipe', channel: OPS_CHANNEL, domains: WANGSU_DOMAINS.slice(0, 2), when: 'bandwidth > 90Mbps' },
    ]);
    bot.wangsu!.startIncident('img.example.cn', { from: NINE_PM, trafficFactor: 6 });

    const first = await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    const second = await evaluateAt(bot, NINE_PM + 10 * MINUTE + 30_000);

    const posts = alertPosts(bot).map(read);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/• `img\.example\.cn` 1\d\d(\.\d+)? Mbps \(threshold 90(\.0+)? Mbps\)/);
    expect(posts[0]).not.toContain('cdn.example.cn');
    for (const calls of [first, second]) {
      expect(askedPerCall(calls, '/api/report/domainbandwidth').sort()).toEqual([
        ['cdn.example.cn'],
        ['img.example.cn'],
      ]);
      // The requests, to learn the lag and hold the minimum: one status-code call per 20 domains.
      expect(askedPerCall(calls, '/api/report/status-code')).toEqual([['cdn.example.cn', 'img.example.cn']]);
      expect(calls).toHaveLength(3);
      const bandwidth = calls.find((call) => call.path === '/api/report/domainbandwidth')!;
      expect(new URLSearchParams(bandwidth.query).get('type')).toBe('fiveminutes');
    }
  });

  it('judges a hit-rate rule per Wangsu domain from the hit-ratio report, one call per domain', async () => {
    // The model's request hit rates: cdn 96.6 %, img 95.4 %, video 87.5 %; the three together are above 90 %.
    bot = await start([
      { name: 'cache', channel: OPS_CHANNEL, domains: WANGSU_DOMAINS, when: 'hit-rate < 90%' },
    ]);

    const calls = await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    await bot.send('watch test cache', { user: OPERATOR });
    const tested = read(bot.slack.messages.at(-1)!);

    expect(askedPerCall(calls, '/api/report/request/hit-ratio/total').sort()).toEqual(
      WANGSU_DOMAINS.map((domain) => [domain]),
    );
    expect(calls.filter((call) => call.path === '/api/report/status-code')).toHaveLength(1);
    expect(calls).toHaveLength(4);
    const ratio = calls.find((call) => call.path === '/api/report/request/hit-ratio/total')!;
    expect((ratio.body as { dataInterval?: string }).dataInterval).toBe('5m');
    const posts = alertPosts(bot).map(read);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/• `video\.example\.cn` 87\.\d% \(threshold 90\.0%\)/);
    expect(posts[0]).not.toMatch(/`(cdn|img)\.example\.cn`/);
    expect(tested).toContain('*Would count towards an alert now:* 1 domain of 3 judged');
    expect(tested).toMatch(/• `video\.example\.cn` 87\.\d%/);
  });

  it('never judges an interval Wangsu has not reported yet, which its reports answer with zeros', async () => {
    bot = await start(
      [
        { name: 'idle', channel: OPS_CHANNEL, domains: WANGSU_DOMAINS, when: 'bandwidth < 1Mbps' },
        { name: 'cold', channel: OPS_CHANNEL, domains: WANGSU_DOMAINS, when: 'hit-rate < 50%' },
      ],
      undefined,
      12 * MINUTE,
    );

    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    await evaluateAt(bot, NINE_PM + 10 * MINUTE + 30_000);
    await bot.send('watch test idle', { user: OPERATOR });
    const idle = read(bot.slack.messages.at(-1)!);
    await bot.send('watch test cold', { user: OPERATOR });
    const cold = read(bot.slack.messages.at(-1)!);

    expect(alertPosts(bot)).toEqual([]);
    for (const tested of [idle, cold]) {
      expect(tested).toContain(
        '*Nothing crosses the threshold* in the latest reported interval: 3 domains judged.',
      );
      // 21:10:30 with a 12-minute lag: Wangsu has minutes up to 20:58, so 20:55 is still filling in and 20:50 is
      // judged; 21:00 and 21:05 read as zeros and are not taken for an idle domain.
      expect(tested).toContain('Latest interval reported: 2026-11-23 20:50 (Asia/Shanghai).');
    }
  });

  it('marks a rule’s Wangsu domains not judged past its share of the budget, in watch list and watch test, asking nothing', async () => {
    bot = await start(
      [{ name: 'pipe', channel: OPS_CHANNEL, domains: 'all', when: 'bandwidth > 1Gbps' }],
      manyDomains(35, 'example.cn'),
    );

    await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    await bot.send('watch list', { user: OPERATOR });
    const listed = read(bot.slack.messages.at(-1)!);
    await bot.send('watch test pipe', { user: OPERATOR });
    const tested = read(bot.slack.messages.at(-1)!);

    const why =
      "bandwidth per domain costs one call per domain every 5 minutes: 35 domains here, above the 30 a rule may spend of Wangsu's 300 calls per 5 minutes";
    expect(listed).toContain(`Not judged on \`wangsu-prod\`: ${why}`);
    expect(tested).toContain(`Not judged, ${why}: `);
    expect(tested).toContain('d00.example.cn');
    // Tencent's domains are still judged; Wangsu was asked nothing for this rule.
    expect(tested).toMatch(/\d+ domains? judged/);
    expect(bot.wangsu!.calls.filter((call) => call.path.startsWith('/api/report'))).toEqual([]);
  });

  it('says at `watch add` (and its dry run) that a rule past the share will not judge the Wangsu domains', async () => {
    bot = await start([], manyDomains(35, 'example.cn'));

    await bot.send('watch add pipe --domains all --when "bandwidth > 1Gbps" --dry-run', { user: OPERATOR });
    const dry = read(bot.slack.messages.at(-1)!);
    await bot.send('watch add pipe --domains all --when "bandwidth > 1Gbps"', { user: OPERATOR });
    const added = read(bot.slack.messages.at(-1)!);
    await bot.send('watch add fine --domains all --when "5xx > 2%"', { user: OPERATOR });
    const codes = read(bot.slack.messages.at(-1)!);

    const warning =
      "Not judged on `wangsu-prod`: bandwidth per domain costs one call per domain every 5 minutes: 35 domains here, above the 30 a rule may spend of Wangsu's 300 calls per 5 minutes";
    expect(dry).toContain('would be added');
    expect(dry).toContain(warning);
    expect(added).toContain('added watch');
    expect(added).toContain(warning);
    // Status codes are judged per domain on Wangsu whatever the count: no warning.
    expect(codes).toContain('added watch');
    expect(codes).not.toContain('Not judged');
  });

  it('judges up to the share: 30 Wangsu domains cost 30 bandwidth calls and 2 status-code calls an evaluation', async () => {
    bot = await start(
      [{ name: 'pipe', channel: OPS_CHANNEL, domains: 'all', when: 'bandwidth > 1Gbps' }],
      manyDomains(30, 'example.cn'),
    );

    const calls = await evaluateAt(bot, NINE_PM + 5 * MINUTE + 30_000);
    await bot.send('watch list', { user: OPERATOR });
    const listed = read(bot.slack.messages.at(-1)!);

    const perCall = askedPerCall(calls, '/api/report/domainbandwidth');
    expect(perCall).toHaveLength(30);
    expect(perCall.every((domains) => domains.length === 1)).toBe(true);
    expect(new Set(perCall.flat()).size).toBe(30);
    expect(askedPerCall(calls, '/api/report/status-code').map((domains) => domains.length)).toEqual([20, 10]);
    expect(calls).toHaveLength(32);
    expect(listed).not.toContain('Not judged');
  });
});
