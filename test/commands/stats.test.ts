import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';
import { fakeTrafficProvider, manyDomains } from '../traffic/fake-traffic-provider.ts';
import { type FakeRun, readable, runWithFakes } from '../traffic/run-with-fakes.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const METRICS = ['flux', 'bandwidth', 'request', 'fluxHitRate', 'requestHitRate'];

function cdnDataCalls(test: TestBot) {
  return test.tencent.calls
    .filter((call) => call.action === 'DescribeCdnData')
    .map((call) => call.params as { Metric: string; StartTime: string; EndTime: string; Domains: string[] });
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

/** Slack's stand-in refuses what Slack would (oversize blocks among it) and records the error on the call. */
function refusedBySlack(test: TestBot): string[] {
  return test.slack.calls.flatMap((call) => (call.error ? [`${call.method}: ${call.error}`] : []));
}

describe('/cdn stats', () => {
  it('shows one domain’s totals, peak bandwidth with its time, sparklines and the change, asking each metric once for both periods', async () => {
    bot = await startTestBot();

    await bot.send('stats www.example.com', { channel: 'C0VIEW0001', user: 'U0VIEW0001' });

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text).toContain('Traffic: www.example.com');
    expect(text).toContain(
      'last 24 hours: 2026-11-22 10:00 – 2026-11-23 10:00 (Asia/Shanghai) · 5-minute data',
    );
    expect(text).toMatch(/^\*Traffic\* [\d.]+ (MB|GB|TB) · [+−]?[\d.]+% vs previous$/m);
    expect(text).toMatch(
      /^\*Peak bandwidth\* [\d.]+ [KMG]bps at 2026-11-2[23] \d\d:\d\d · [+−]?[\d.]+% vs previous$/m,
    );
    expect(text).toMatch(/^\*Requests\* [\d.,]+[KM]? · /m);
    expect(text).toMatch(/^\*Hit rate \(traffic\)\* [\d.]+% · [+−±][\d.]+ pp vs previous$/m);
    expect(text).toMatch(/^[▁▂▃▄▅▆▇█]{48}$/m);
    const calls = cdnDataCalls(bot);
    expect(calls.map((call) => call.Metric).sort()).toEqual([...METRICS].sort());
    // One range spanning the previous 24 hours and the last 24: the same 5-minute points, half the calls.
    expect(new Set(calls.map((call) => `${call.StartTime} – ${call.EndTime}`))).toEqual(
      new Set(['2026-11-21 10:00:00 – 2026-11-23 09:59:59']),
    );
    expect(refusedBySlack(bot)).toEqual([]);
  });

  it.each([
    ['--last 100d', 'stats www.example.com --last 100d'],
    ['--from 100 days back', 'stats all --from 2026-08-15'],
  ])('refuses a 100-day range (%s) with nothing sent to DescribeCdnData', async (_case, command) => {
    bot = await startTestBot();

    await bot.send(command);

    const text = visibleText(lastReply(bot));
    expect(text).toContain('Tencent (account tencent-prod) answers at most 90 days per query');
    expect(cdnDataCalls(bot)).toEqual([]);
  });

  it('answers --last 90d, the longest range Tencent spans, asking for exactly 90 days', async () => {
    bot = await startTestBot();

    await bot.send('stats www.example.com --last 90d');

    const text = visibleText(lastReply(bot));
    expect(text).not.toContain('answers at most');
    expect(text).toContain('last 90 days: ');
    const spans = cdnDataCalls(bot).map((call) => Date.parse(call.EndTime) - Date.parse(call.StartTime));
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.filter((span) => span > 90 * 24 * 3600_000)).toEqual([]);
  });

  it('covers 65 domains and the previous period with exactly 3 DescribeCdnData calls per metric, within Block Kit limits', async () => {
    const domains = manyDomains(65);
    bot = await startTestBot({
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
    });

    await bot.send('stats all');

    const calls = cdnDataCalls(bot);
    expect(calls).toHaveLength(3 * METRICS.length);
    expect(new Set(calls.map((call) => call.StartTime))).toEqual(new Set(['2026-11-21 10:00:00']));
    for (const metric of METRICS) {
      const batch = calls.filter((call) => call.Metric === metric);
      expect(batch.map((call) => call.Domains.length).sort((a, b) => a - b)).toEqual([5, 30, 30]);
      expect(new Set(batch.flatMap((call) => call.Domains))).toEqual(new Set(domains));
    }
    const text = visibleText(lastReply(bot));
    expect(text).toContain('65 domains in 1 account');
    expect(text).toContain('changes against the previous period of the same length');
    expect(text).toMatch(/^\*Traffic\* [\d.]+ (GB|TB) · [+−]?[\d.]+% vs previous$/m);
    expect(text).toContain('*By domain*, most traffic first');
    expect(text).toContain('25 more domains with less traffic not listed');
    expect(refusedBySlack(bot)).toEqual([]);
  });

  it('names the domains of a batch the provider refused, with its code and request id, and shows the rest', async () => {
    const domains = manyDomains(65);
    bot = await startTestBot({
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
    });
    bot.tencent.faults.push({
      action: 'DescribeCdnData',
      kind: 'error',
      code: 'UnauthorizedOperation.CdnHostUnauthorized',
      message: 'The sub-account may not read these domains.',
    });

    await bot.send('stats all --metric flux');

    const text = visibleText(lastReply(bot));
    const failed = bot.tencent.calls.find(
      (call) => call.errorCode === 'UnauthorizedOperation.CdnHostUnauthorized',
    )!;
    const failedDomains = (failed.params as { Domains: string[] }).Domains;
    expect(text).toContain(
      `:warning: No statistics for ${failedDomains.map((domain) => `\`${domain}\``).join(', ')} (\`tencent-prod\`): \`UnauthorizedOperation.CdnHostUnauthorized\` The sub-account may not read these domains. (request id \`${failed.requestId}\`)`,
    );
    expect(text).toContain(`${65 - failedDomains.length} domains in 1 account`);
    expect(refusedBySlack(bot)).toEqual([]);
  });

  it('refuses a domain no account here serves, without asking for statistics', async () => {
    bot = await startTestBot();

    await bot.send('stats nosuch.example.org');

    expect(visibleText(lastReply(bot))).toContain(
      '`nosuch.example.org` is not served by any account this channel may use.',
    );
    expect(cdnDataCalls(bot)).toEqual([]);
  });

  it('asks for yesterday and the day before it, for the comparison, as one range of two whole local days', async () => {
    bot = await startTestBot();

    await bot.send('stats www.example.com yesterday --metric flux');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('2026-11-22 (Asia/Shanghai) · 5-minute data');
    expect(cdnDataCalls(bot).map((call) => [call.StartTime, call.EndTime])).toEqual([
      ['2026-11-21 00:00:00', '2026-11-22 23:59:59'],
    ]);
  });
});

describe('/cdn stats with providers that differ (fakes)', () => {
  let run: FakeRun | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('answers a usage hint, not an error, when given nothing', async () => {
    run = runWithFakes([fakeTrafficProvider()]);

    const { reply, ok } = await run.send('stats');

    expect(ok).toBe(true);
    expect(readable(reply)).toContain('Name a domain, or `all` for every domain here.');
    expect(readable(reply)).toContain('Usage: `/cdn stats <domain|all>');
  });

  it('weighs the hit rate of several domains by their traffic when only --metric hitRate is asked, and shows no traffic', async () => {
    // A busy domain at 90% and a quiet one at 50%: by traffic 89.6%, a plain mean would say 70%.
    const provider = fakeTrafficProvider({
      domains: ['busy.example.com', 'quiet.example.com'],
      value: (domain, metric) =>
        ({
          flux: domain === 'busy.example.com' ? 99 * 1024 ** 2 : 1024 ** 2,
          request: domain === 'busy.example.com' ? 99 : 1,
          fluxHitRate: domain === 'busy.example.com' ? 90 : 50,
          requestHitRate: domain === 'busy.example.com' ? 90 : 50,
        })[metric as 'flux'] ?? 0,
    });
    run = runWithFakes([provider]);

    const { reply, ok } = await run.send('stats all --metric fluxHitRate --last 24h');

    expect(ok).toBe(true);
    const text = readable(reply);
    expect(text).toMatch(/^\*Hit rate \(traffic\)\* 89\.6%/m);
    expect(text).not.toContain('*Traffic*');
    expect(text).toContain('*By domain*, most traffic first');
    expect(text).toMatch(/\*busy\.example\.com\* · hit 90\.0%\n\*quiet\.example\.com\* · hit 50\.0%/);
  });

  it('shows totals, the peak with its time, a sparkline per metric and the change', async () => {
    const provider = fakeTrafficProvider({
      value: (_domain, metric) =>
        ({ flux: 1024 ** 2, bandwidth: 8_000_000, request: 100, fluxHitRate: 90, requestHitRate: 80 })[
          metric
        ],
    });
    run = runWithFakes([provider]);

    const { reply, ok, problems } = await run.send('stats www.example.com --last 24h');

    expect(ok).toBe(true);
    expect(problems).toEqual([]);
    const text = readable(reply);
    expect(text).toContain('Traffic: www.example.com');
    expect(text).toMatch(/\*Traffic\* \d+(\.\d+)? (MB|GB) · 0\.0% vs previous/);
    expect(text).toMatch(/\*Peak bandwidth\* 8\.00 Mbps at 2026-11-2\d \d\d:\d\d · 0\.0% vs previous/);
    expect(text).toContain('*Hit rate (traffic)* 90.0% · ±0.0 pp vs previous');
    expect(text).toContain('▄▄▄▄');
    // One call for the range and the period before it, which it splits.
    expect(provider.calls.map((call) => call.operation)).toEqual(['traffic']);
    const { from, to } = provider.calls[0]!.query!;
    expect(to - from).toBe(2 * 24 * 3600_000);
  });

  it('asks the two periods apart where together they would pass the longest range the interval allows', async () => {
    // Hourly data for at most 8 days: 7 days are asked hourly, but the 14 days with the week before are not.
    const provider = fakeTrafficProvider({
      limits: { intervals: { hour: 8 * 24 * 3600_000, day: 90 * 24 * 3600_000 } },
    });
    run = runWithFakes([provider]);

    const { reply, ok } = await run.send('stats www.example.com --last 7d --metric flux');

    expect(ok).toBe(true);
    expect(readable(reply)).toContain('hourly data');
    expect(readable(reply)).toMatch(/\*Traffic\* [\d.]+ \w?B · 0\.0% vs previous/);
    const queries = provider.calls.map((call) => call.query!);
    expect(queries.map((query) => query.to - query.from)).toEqual([7 * 24 * 3600_000, 7 * 24 * 3600_000]);
    expect(queries.map((query) => query.interval)).toEqual(['hour', 'hour']);
  });

  it('refuses a range the provider cannot answer before asking it anything', async () => {
    const provider = fakeTrafficProvider();
    run = runWithFakes([provider]);

    const { reply, ok } = await run.send('stats www.example.com --last 100d');

    expect(ok).toBe(false);
    expect(readable(reply)).toContain('Tencent (account fake-prod) answers at most 90 days per query');
    expect(provider.calls).toEqual([]);
  });

  it('names the domains of a provider without traffic statistics and still shows the others', async () => {
    const tencent = fakeTrafficProvider({ accountId: 'tencent-prod', domains: ['www.example.com'] });
    const wangsu = fakeTrafficProvider({
      accountId: 'wangsu-prod',
      kind: 'wangsu',
      domains: ['cdn.example.cn', 'img.example.cn'],
      without: ['traffic', 'trafficLimits'],
    });
    run = runWithFakes([tencent, wangsu]);

    const { reply, ok, problems } = await run.send('stats all');

    expect(ok).toBe(true);
    expect(problems).toEqual([]);
    const text = readable(reply);
    expect(text).toContain('*www.example.com* · ');
    expect(text).toContain(
      'Traffic statistics is not supported on wangsu accounts (account wangsu-prod). Not shown: `cdn.example.cn`, `img.example.cn`.',
    );
  });

  it('refuses one domain on a provider without traffic statistics with the provider’s reason', async () => {
    run = runWithFakes([
      fakeTrafficProvider({ kind: 'wangsu', domains: ['cdn.example.cn'], without: ['traffic'] }),
    ]);

    const { reply, ok } = await run.send('stats cdn.example.cn');

    expect(ok).toBe(false);
    expect(readable(reply)).toContain(
      'Traffic statistics is not supported on wangsu accounts (account fake-prod).',
    );
  });

  it('names the domains of a failed batch with the provider error and lists the rest, busiest first', async () => {
    const domains = manyDomains(65);
    const provider = fakeTrafficProvider({
      domains,
      failFor: 'd40.example.com',
      value: (domain) => Number(domain.slice(1, 3)) + 1,
    });
    run = runWithFakes([provider]);

    const { reply, problems } = await run.send('stats all --metric flux');

    expect(problems).toEqual([]);
    const text = readable(reply);
    expect(text).toContain('35 domains in 1 account');
    expect(text).toContain(
      `No statistics for ${domains
        .slice(30, 60)
        .map((domain) => `\`${domain}\``)
        .join(
          ', ',
        )} (\`fake-prod\`): \`RequestLimitExceeded\` Too many requests (request id \`req-batch-failed\`)`,
    );
    const listed = [...text.matchAll(/^\*(d\d\d\.example\.com)\* · /gm)].map((match) => match[1]);
    expect(listed.slice(0, 3)).toEqual(['d64.example.com', 'd63.example.com', 'd62.example.com']);
    expect(listed).toHaveLength(35);
    expect(listed).not.toContain('d40.example.com');
  });

  it('refuses a metric it does not know, naming the ones it does', async () => {
    run = runWithFakes([fakeTrafficProvider()]);

    const { reply, ok } = await run.send('stats www.example.com --metric flux,statusCode');

    expect(ok).toBe(false);
    expect(readable(reply)).toContain('--metric takes flux, bandwidth, request and hitRate');
  });
});
