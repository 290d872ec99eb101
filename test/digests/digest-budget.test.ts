import { afterEach, describe, expect, it } from 'vitest';
import {
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEW_CHANNEL,
  visibleText,
} from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** Monday 2026-11-23 09:00 in Asia/Shanghai (UTC+8). */
const NINE_SHANGHAI = Date.UTC(2026, 10, 23, 1, 0, 0);
/** What a digest shows by default: traffic, peak bandwidth and requests, each its own DescribeCdnData metric. */
const METRICS = 3;

describe('a digest of 120 Tencent domains', () => {
  it('takes the fewest calls the API allows and logs how many', { timeout: 90_000 }, async () => {
    const domains = manyDomains(120);
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - 60_000,
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
      config: { digests: [{ name: 'fleet', channel: VIEW_CHANNEL, schedule: '0 9 * * *', domains: 'all' }] },
    });
    bot.tencent.calls.length = 0;

    bot.clock.set(NINE_SHANGHAI);
    await bot.bot.digests.tick(NINE_SHANGHAI);

    const post = bot.slack.messages.find((message) => message.channel === VIEW_CHANNEL && !message.threadTs);
    expect(visibleText(post!)).toContain('Digest fleet');
    expect(visibleText(post!)).toMatch(/^\*Errors\* 4xx [\d.]+% · 5xx [\d.]+% of [\d.,]+[KM]? responses$/m);
    // 4 batches of 30: each metric once for the day with the day before and once for the same day last week,
    // each status class once, top URLs once.
    const batches = Math.ceil(120 / 30);
    const ideal = batches * METRICS * 2 + batches * 4 + batches;
    const calls = bot.tencent.calls.filter((call) => call.action !== 'DescribeDomains');
    expect(calls.filter((call) => call.errorCode !== undefined)).toEqual([]);
    // A busy machine may time a call out and send it again: what was asked is counted once per distinct question.
    const distinct = (action: string) =>
      new Set(calls.filter((call) => call.action === action).map((call) => JSON.stringify(call.params))).size;
    expect(distinct('DescribeCdnData')).toBe(batches * METRICS * 2);
    expect(distinct('ListTopData')).toBe(batches * 5);
    const sentCount = (action: string) => calls.filter((call) => call.action === action).length;
    const posted = bot.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'digest posted');
    // The log counts every request sent, as the provider would.
    expect(posted.providerCalls).toBe(calls.length);
    expect(posted.providerCalls).toBeGreaterThanOrEqual(ideal);
    // The certificates for "needs attention" are read in pages of 100 domains, and counted too.
    expect(posted.providerCallsByAction).toEqual({
      'tencent-prod DescribeCdnData': sentCount('DescribeCdnData'),
      'tencent-prod DescribeDomainsConfig': Math.ceil(120 / 100),
      'tencent-prod ListTopData': sentCount('ListTopData'),
    });
  });
});
