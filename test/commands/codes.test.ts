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

/** `🟢 *2xx* 1.23M · 98.1%` lines → { class: [count, rate] }. */
function classes(text: string): Record<string, [string, string]> {
  return Object.fromEntries(
    [...text.matchAll(/^:[a-z_]+: \*([2-5]xx)\* (\S+) · ([\d.]+%)$/gm)].map((match) => [
      match[1]!,
      [match[2]!, match[3]!],
    ]),
  );
}

describe('/cdn codes', () => {
  it('shows each class with its total, rate and sparkline, and the most frequent codes', async () => {
    bot = await startTestBot();

    await bot.send('codes www.example.com yesterday');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('Status codes: www.example.com');
    expect(text).toContain('2026-11-22 (Asia/Shanghai) · account `tencent-prod`');
    const found = classes(text);
    expect(Object.keys(found)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    const rates = Object.values(found).map(([, rate]) => Number.parseFloat(rate));
    expect(rates.reduce((sum, rate) => sum + rate, 0)).toBeCloseTo(100, 0);
    expect(rates[0]).toBeGreaterThan(50);
    expect(text.match(/^[▁▂▃▄▅▆▇█ ]{48}$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/\*Most frequent error codes\*\n`4\d\d` [\d.,K]+ \([\d.]+%\)/);
    const metrics = bot.tencent.calls
      .filter((call) => call.action === 'DescribeCdnData')
      .map((call) => (call.params as { Metric: string }).Metric);
    expect(metrics.sort()).toEqual(['4xx', '5xx', 'statusCode']);
  });

  it('lists every domain for `all`, most server errors first, inside Block Kit limits', async () => {
    const domains = manyDomains(65);
    bot = await startTestBot({
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
    });

    await bot.send('codes all');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('65 domains in 1 account');
    const lines = [...text.matchAll(/^\*(\S+)\* · \S+ responses · 4xx [\d.]+% · 5xx ([\d.]+)%$/gm)];
    expect(lines).toHaveLength(40);
    expect(text).toContain('25 more domains not listed');
    expect(bot.slack.calls.filter((call) => call.error)).toEqual([]);
  });

  it('refuses a range longer than the provider answers with nothing sent', async () => {
    bot = await startTestBot();

    await bot.send('codes www.example.com --last 100d');

    expect(visibleText(lastReply(bot))).toContain('answers status codes for at most 90 days per query');
    expect(bot.tencent.calls.filter((call) => call.action === 'DescribeCdnData')).toEqual([]);
  });
});

describe('/cdn codes with providers that differ (fakes)', () => {
  let run: FakeRun | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('derives class totals from specific codes when a provider gives only those', async () => {
    const time = Date.UTC(2026, 10, 22, 16);
    run = runWithFakes([
      fakeTrafficProvider({
        statusCodes: () => [
          { code: '200', total: 900, points: [{ time, value: 900 }] },
          { code: '304', total: 50, points: [{ time, value: 50 }] },
          { code: '404', total: 40, points: [{ time, value: 40 }] },
          { code: '502', total: 10, points: [{ time, value: 10 }] },
        ],
      }),
    ]);

    const { reply, problems } = await run.send('codes www.example.com');

    expect(problems).toEqual([]);
    const text = readable(reply);
    expect(classes(text)).toEqual({
      '2xx': ['900', '90.0%'],
      '3xx': ['50', '5.0%'],
      '4xx': ['40', '4.0%'],
      '5xx': ['10', '1.0%'],
    });
    expect(text).toContain(
      '*Most frequent codes*\n`200` 900 (90.0%) · `304` 50 (5.0%) · `404` 40 (4.0%) · `502` 10 (1.0%)',
    );
  });

  it('names the domains of a provider without status codes and still shows the others', async () => {
    run = runWithFakes([
      fakeTrafficProvider({
        accountId: 'tencent-prod',
        statusCodes: () => [{ code: '2xx', total: 10, points: [] }],
      }),
      fakeTrafficProvider({
        accountId: 'wangsu-prod',
        kind: 'wangsu',
        domains: ['cdn.example.cn'],
        without: ['statusCodes'],
      }),
    ]);

    const { reply } = await run.send('codes all');

    const text = readable(reply);
    expect(classes(text)['2xx']).toEqual(['10', '100.0%']);
    expect(text).toContain(
      'Status-code statistics is not supported on wangsu accounts (account wangsu-prod). Not shown: `cdn.example.cn`.',
    );
  });
});
