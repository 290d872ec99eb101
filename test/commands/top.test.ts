import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';
import { fakeTrafficProvider, manyDomains } from '../traffic/fake-traffic-provider.ts';
import { type FakeRun, readable, runWithFakes } from '../traffic/run-with-fakes.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

function calls(test: TestBot, action: string) {
  return test.tencent.calls
    .filter((call) => call.action === action)
    .map((call) => call.params as Record<string, unknown>);
}

/** Ranked lines: `1. www.example.com/a.js · *1.23 MB* · 12.3%` → [url, value, share]. */
function ranking(text: string): [string, string, string | undefined][] {
  return [...text.matchAll(/^\d+\. (\S+) · \*([^*]+)\*(?: · ([\d.]+%))?$/gm)].map((match) => [
    match[1]!,
    match[2]!,
    match[3],
  ]);
}

describe('/cdn top', () => {
  it('ranks a domain’s URLs by traffic with each one’s share of the domain’s total for the same range', async () => {
    bot = await startTestBot();

    await bot.send('top www.example.com');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('Top URLs by traffic: www.example.com');
    const rows = ranking(text);
    expect(rows).toHaveLength(20);
    expect(rows.every(([url, , share]) => url.startsWith('www.example.com/') && share !== undefined)).toBe(
      true,
    );
    const shares = rows.map(([, , share]) => Number.parseFloat(share!));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(100.5);
    const [top] = calls(bot, 'ListTopData');
    const [total] = calls(bot, 'DescribeCdnData');
    expect(top).toMatchObject({ Metric: 'url', Filter: 'flux', Domains: ['www.example.com'], Limit: 20 });
    expect(total).toMatchObject({ Metric: 'flux', Domains: ['www.example.com'] });
    expect([total!.StartTime, total!.EndTime]).toEqual([top!.StartTime, top!.EndTime]);
  });

  it('ranks every domain by requests with --by request, sharing against all of them', async () => {
    bot = await startTestBot();

    await bot.send('top all --by request --limit 5 --last 7d');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('Top URLs by requests: all domains');
    expect(text).toMatch(/shares are of the total [\d.]+[KM] requests/);
    expect(ranking(text)).toHaveLength(5);
    // The ranking and the total the shares are of count every area: global.example.com serves the mainland and
    // overseas, so the overseas ranking is asked for it alone.
    expect(calls(bot, 'ListTopData')).toEqual([
      expect.objectContaining({
        Filter: 'request',
        Limit: 5,
        Domains: TEST_ACCOUNT.domains.map((d) => d.domain).sort(),
      }),
      expect.objectContaining({
        Filter: 'request',
        Limit: 5,
        Area: 'overseas',
        Domains: ['global.example.com'],
      }),
    ]);
    expect(calls(bot, 'ListTopData')[0]).not.toHaveProperty('Area');
    expect(calls(bot, 'DescribeCdnData').map((call) => [call.Metric, call.Area ?? 'mainland'])).toEqual([
      ['request', 'mainland'],
      ['request', 'overseas'],
    ]);
  });

  it('batches 65 domains into 3 ListTopData calls and stays inside Block Kit limits', async () => {
    const domains = manyDomains(65);
    bot = await startTestBot({
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
    });

    await bot.send('top all --limit 100');

    expect(
      calls(bot, 'ListTopData')
        .map((call) => (call.Domains as string[]).length)
        .sort(),
    ).toEqual([30, 30, 5]);
    expect(ranking(visibleText(lastReply(bot)))).toHaveLength(100);
    expect(bot.slack.calls.filter((call) => call.error)).toEqual([]);
  });

  it('refuses a range older than the provider keeps before asking for a ranking', async () => {
    bot = await startTestBot();

    await bot.send('top www.example.com --from 2026-08-01 --to 2026-08-02');

    expect(visibleText(lastReply(bot))).toContain(
      'Tencent (account tencent-prod) keeps traffic data for 90 days',
    );
    expect(calls(bot, 'ListTopData')).toEqual([]);
  });

  it('refuses --by with anything but flux or request', async () => {
    bot = await startTestBot();

    await bot.send('top www.example.com --by bandwidth');

    expect(visibleText(lastReply(bot))).toContain('--by must be flux or request.');
  });
});

describe('/cdn top with providers that differ (fakes)', () => {
  let run: FakeRun | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('names the domains of a provider without top URLs and still ranks the others', async () => {
    const tencent = fakeTrafficProvider({
      accountId: 'tencent-prod',
      domains: ['www.example.com'],
      value: () => 1000,
      topUrls: () => [
        { name: 'www.example.com/a.js', value: 600 },
        { name: 'www.example.com/b.css', value: 400 },
      ],
    });
    const wangsu = fakeTrafficProvider({
      accountId: 'wangsu-prod',
      kind: 'wangsu',
      domains: ['cdn.example.cn'],
      without: ['topUrls'],
    });
    run = runWithFakes([tencent, wangsu]);

    const { reply, ok, problems } = await run.send('top all --last 1h');

    expect(ok).toBe(true);
    expect(problems).toEqual([]);
    const text = readable(reply);
    expect(text).toContain('1. www.example.com/a.js · *600 B*');
    expect(text).toContain(
      'Top URLs is not supported on wangsu accounts (account wangsu-prod). Not shown: `cdn.example.cn`.',
    );
    expect(wangsu.calls).toEqual([]);
  });

  it('ranks without shares when the provider cannot give the total, saying so', async () => {
    const provider = fakeTrafficProvider({
      without: ['traffic'],
      topUrls: () => [{ name: 'www.example.com/a.js', value: 5 }],
    });
    run = runWithFakes([provider]);

    const { reply } = await run.send('top www.example.com');

    const text = readable(reply);
    expect(ranking(text)).toEqual([['www.example.com/a.js', '5 B', undefined]]);
    expect(text).toContain('no shares: the total is not available');
  });

  it('merges the rankings of several batches into one, highest first', async () => {
    const domains = manyDomains(4);
    const provider = fakeTrafficProvider({
      domains,
      limits: { maxDomainsPerCall: 2 },
      value: () => 10,
      topUrls: (batch) =>
        batch.map((domain, index) => ({
          name: `${domain}/x`,
          value: index + (batch[0] === 'd00.example.com' ? 1 : 5),
        })),
    });
    run = runWithFakes([provider]);

    const { reply } = await run.send('top all');

    expect(ranking(readable(reply)).map(([url]) => url)).toEqual([
      'd03.example.com/x',
      'd02.example.com/x',
      'd01.example.com/x',
      'd00.example.com/x',
    ]);
  });
});
