import { afterEach, describe, expect, it } from 'vitest';
import {
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

const lastEphemeral = (test: TestBot) =>
  [...test.slack.messages].reverse().find((message) => message.ephemeral)!;
const ipCalls = (test: TestBot) => test.tencent.calls.filter((call) => call.action === 'DescribeCdnIp');

/** 198.51.100.1, 198.51.100.2, …: documentation addresses the sandbox does not list as nodes. */
const addresses = (count: number, start = 1) =>
  Array.from({ length: count }, (_, index) => `198.51.100.${start + index}`);

describe('/cdn ip', () => {
  it('says which addresses are Tencent Cloud CDN nodes, with location and status, to a viewer', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('ip 203.0.113.80 198.51.100.7 2001:DB8:0::80 203.0.113.81 2001:db8::80', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('*3 of 4 addresses are Tencent Cloud CDN nodes* (asked `tencent-prod`)');
    expect(text).toContain(
      '`203.0.113.80` is a CDN node · Guangdong · Shenzhen · mainland · online since 2026-09-01 10:00:00',
    );
    expect(text).toContain('`198.51.100.7` is not a CDN node');
    expect(text).toContain('`2001:db8::80` is a CDN node · Hong Kong');
    expect(text).toContain('`203.0.113.81` is a CDN node · Shanghai · Shanghai · mainland · offline since');
    expect(text).toContain('Not asked: `wangsu-prod`');
    expect(ipCalls(bot).map((call) => call.params)).toEqual([
      { Ips: ['203.0.113.80', '198.51.100.7', '2001:db8::80', '203.0.113.81'] },
    ]);
  });

  it('asks 20 addresses a call', async () => {
    bot = await startTestBot();

    await bot.send(`ip 203.0.113.80 ${addresses(24).join(' ')}`);

    expect(ipCalls(bot).map((call) => (call.params as { Ips: string[] }).Ips.length)).toEqual([20, 5]);
    expect(visibleText(lastEphemeral(bot))).toContain('1 of 25 addresses are Tencent Cloud CDN nodes');
  });

  it('stays within DescribeCdnIp’s 200 calls per 10 minutes, waiting instead of being refused', async () => {
    bot = await startTestBot();
    const startedAt = bot.clock.now();

    // 41 lookups of 100 addresses: 205 calls, more than the 200 Tencent allows in any 10 minutes.
    for (let round = 0; round < 41; round++) await bot.send(`ip ${addresses(100, 1).join(' ')}`);

    const calls = ipCalls(bot);
    expect(calls).toHaveLength(205);
    expect(calls.filter((call) => call.errorCode !== undefined)).toEqual([]);
    const busiest = Math.max(
      ...calls.map(
        (call) => calls.filter((other) => other.at >= call.at && other.at < call.at + 600_000).length,
      ),
    );
    expect(busiest).toBeLessThanOrEqual(200);
    expect(bot.clock.now() - startedAt).toBeGreaterThan(60_000);
    expect(visibleText(lastEphemeral(bot))).toContain('0 of 100 addresses are Tencent Cloud CDN nodes');
  });

  it.each([
    ['ip 203.0.113.300', '`203.0.113.300` is not an IP address'],
    ['ip 203.0.113.0/24', '`203.0.113.0/24` is not an IP address'],
    ['ip 203.0.113.80:443', 'without a port or a CIDR range'],
    [`ip ${addresses(101).join(' ')}`, 'At most 100 addresses'],
  ])('`%s` is refused before any provider call', async (text, refusal) => {
    bot = await startTestBot();
    const before = bot.tencent.calls.length;

    await bot.send(text, { user: VIEWER });

    expect(visibleText(lastEphemeral(bot))).toContain(refusal);
    expect(bot.tencent.calls.length).toBe(before);
  });

  it('says it is not supported where the channel has only Wangsu accounts', async () => {
    bot = await startTestBot({
      wangsu: {},
      config: {
        channels: {
          [OPS_CHANNEL]: { role: 'admin' },
          [VIEW_CHANNEL]: { role: 'viewer', providers: ['wangsu-prod'] },
        },
      },
    });

    await bot.send('ip 203.0.113.80', { user: VIEWER, channel: VIEW_CHANNEL });

    expect(visibleText(lastEphemeral(bot))).toContain(
      'Looking up CDN node addresses is not supported on wangsu accounts (wangsu-prod): Wangsu documents no API for it.',
    );
    expect(ipCalls(bot)).toEqual([]);
    expect(bot.wangsu!.calls).toEqual([]);
  });
});
