/**
 * The traffic commands on a Wangsu account, end to end: the bot, the Tencent and Wangsu sandboxes and the Slack
 * stand-in on one manual clock (2026-11-23 10:00 in Shanghai). Expected figures are recomputed from the sandboxes'
 * traffic model, with Wangsu's rounding (0.01 MB per bucket, 0.0001 Mbps) applied where Wangsu applies it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isQuietHour, minuteTraffic, trafficProfile } from '../../sandbox/tencent/traffic-model.ts';
import { parseChinaTime } from '../../src/providers/china-time.ts';
import { formatUnits } from '../../src/render/format-units.ts';
import {
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
  visibleText,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;
/** `--last 24h` at the clock's start: 2026-11-22 10:00 – 2026-11-23 10:00 in Shanghai. */
const FROM = parseChinaTime('2026-11-22 10:00:00')!;
const TO = FROM + DAY;
const TENCENT_DOMAINS = TEST_ACCOUNT.domains.map((domain) => domain.domain);
const WANGSU_DOMAINS = WANGSU_ACCOUNT.domains.map((domain) => domain.domain);

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!);
}

function reportCalls(test: TestBot) {
  return test.wangsu!.calls.filter((call) => call.path.startsWith('/api/report/'));
}

function modelSum(domains: readonly string[], from: number, to: number, field: 'flux' | 'request'): number {
  let total = 0;
  for (const domain of domains) {
    const profile = trafficProfile(domain);
    for (let minute = from; minute < to; minute += MINUTE) total += minuteTraffic(profile, minute)[field];
  }
  return total;
}

/** The bytes cdnops gets from Wangsu for [from, to) at 5 minutes: each bucket rounded to 0.01 MB, then × 1024². */
function wangsuFlux(domains: readonly string[], from: number, to: number): number {
  let total = 0;
  for (let bucket = from; bucket < to; bucket += 5 * MINUTE) {
    const mb = Math.round((modelSum(domains, bucket, bucket + 5 * MINUTE, 'flux') / MB) * 100) / 100;
    total += Math.round(mb * MB);
  }
  return total;
}

/** Wangsu's busiest 5 minutes in [from, to): Mbps with 4 decimals, as bits per second. */
function wangsuPeak(domains: readonly string[], from: number, to: number): number {
  let peak = 0;
  for (let bucket = from; bucket < to; bucket += 5 * MINUTE) {
    const bps = Math.round((modelSum(domains, bucket, bucket + 5 * MINUTE, 'flux') * 8) / 300);
    peak = Math.max(peak, Math.round((Math.round(bps / 100) / 10_000) * 1_000_000));
  }
  return peak;
}

describe('/cdn stats on Wangsu', () => {
  it('shows one Wangsu domain’s traffic, peak and requests, converted from MB and Mbps', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('stats cdn.example.cn --last 24h', { channel: VIEW_CHANNEL, user: VIEWER });

    const text = lastText(bot);
    expect(text).toContain('Traffic: cdn.example.cn');
    expect(text).toContain('5-minute data · account `wangsu-prod`');
    const domains = ['cdn.example.cn'];
    expect(text).toMatch(
      new RegExp(
        `^\\*Traffic\\* ${formatUnits(wangsuFlux(domains, FROM, TO), 'bytes')} · [+−]?[\\d.]+% vs previous$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `^\\*Peak bandwidth\\* ${formatUnits(wangsuPeak(domains, FROM, TO), 'bitsPerSecond')} at 2026-11-2[23] `,
        'm',
      ),
    );
    expect(text).toContain(`*Requests* ${formatUnits(modelSum(domains, FROM, TO, 'request'), 'count')} · `);
    expect(text).toContain(
      '`wangsu-prod` does not report Hit rate (traffic) or Hit rate (requests); there is nothing to show for them.',
    );
    const calls = reportCalls(bot);
    expect(calls.map((call) => call.path).sort()).toEqual(
      ['/api/report/domainbandwidth', '/api/report/domainflow', '/api/report/domainhit'].sort(),
    );
    // The last 24 hours and the 24 before them in one range per report.
    expect(new Set(calls.map((call) => new URLSearchParams(call.query).get('dateFrom')))).toEqual(
      new Set(['2026-11-21T10:00:00+08:00']),
    );
    expect(calls.every((call) => call.status === 200)).toBe(true);
  });

  it('shows Tencent domains one by one and Wangsu’s as one line, with totals that add up both', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('stats all --metric flux,request');

    const text = lastText(bot);
    expect(text).toContain('7 domains in 2 accounts');
    const total = modelSum(TENCENT_DOMAINS, FROM, TO, 'flux') + wangsuFlux(WANGSU_DOMAINS, FROM, TO);
    expect(text).toMatch(new RegExp(`^\\*Traffic\\* ${formatUnits(total, 'bytes')} · `, 'm'));
    const requests = modelSum([...TENCENT_DOMAINS, ...WANGSU_DOMAINS], FROM, TO, 'request');
    expect(text).toMatch(new RegExp(`^\\*Requests\\* ${formatUnits(requests, 'count')} · `, 'm'));
    for (const domain of TENCENT_DOMAINS) expect(text).toContain(`*${domain}* · `);
    expect(text).toContain(
      `*wangsu-prod: 3 domains together (cdn.example.cn, img.example.cn, video.example.cn)* · ${formatUnits(wangsuFlux(WANGSU_DOMAINS, FROM, TO), 'bytes')} (`,
    );
    for (const domain of WANGSU_DOMAINS) expect(text).not.toContain(`*${domain}*`);
    // Both periods of both metrics in one call for the three Wangsu domains (flow and requests share a report).
    expect(reportCalls(bot)).toHaveLength(2);
  });

  it('lists 45 Wangsu domains as three lines of at most 20, one call per metric per batch for both periods', async () => {
    const domains = manyDomains(45, 'example.cn');
    bot = await startTestBot({
      wangsu: { account: { ...WANGSU_ACCOUNT, domains: domains.map((domain) => ({ domain })) } },
    });

    await bot.send('stats all --metric flux');

    const text = lastText(bot);
    expect(text).toContain('49 domains in 2 accounts');
    const lines = [...text.matchAll(/^\*wangsu-prod: (\d+) domains together \(([^)]*)\)\* · /gm)];
    expect(lines.map((line) => Number(line[1])).sort((a, b) => a - b)).toEqual([5, 20, 20]);
    expect(lines.map((line) => line[2]).sort()).toEqual([
      'd00.example.cn, d01.example.cn, d02.example.cn, …',
      'd20.example.cn, d21.example.cn, d22.example.cn, …',
      'd40.example.cn, d41.example.cn, d42.example.cn, …',
    ]);
    const calls = reportCalls(bot);
    expect(calls).toHaveLength(3);
    const sizes = calls.map(
      (call) =>
        (call.body as { 'domain-list': { 'domain-name': string[] } })['domain-list']['domain-name'].length,
    );
    expect(sizes.sort((a, b) => a - b)).toEqual([5, 20, 20]);
    const total = modelSum(TENCENT_DOMAINS, FROM, TO, 'flux') + wangsuFlux(domains, FROM, TO);
    expect(text).toMatch(new RegExp(`^\\*Traffic\\* ${formatUnits(total, 'bytes')} · `, 'm'));
  });
});

describe('/cdn top, codes and logs on Wangsu', () => {
  it('says top URLs are not supported for a Wangsu domain, and still ranks the Tencent domains of all', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('top cdn.example.cn');
    const one = lastText(bot);
    await bot.send('top all');
    const all = lastText(bot);

    expect(one).toContain('Top URLs is not supported on wangsu accounts (account wangsu-prod).');
    expect(all).toMatch(/^1\. [a-z]+\.example\.com\/\S+ · \*[\d.]+ [KMGT]?B\* · [\d.]+%$/m);
    expect(all).toContain('4 domains in 1 account');
    expect(all).toContain(
      'Top URLs is not supported on wangsu accounts (account wangsu-prod). Not shown: `cdn.example.cn`, `img.example.cn`, `video.example.cn`.',
    );
    expect(reportCalls(bot)).toEqual([]);
  });

  it('shows a Wangsu domain’s status codes, and refuses more than Wangsu’s 7 days', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('codes cdn.example.cn');
    const day = lastText(bot);
    await bot.send('codes cdn.example.cn --last 30d');
    const month = lastText(bot);

    const requests = modelSum(['cdn.example.cn'], FROM, TO, 'request');
    expect(day).toContain('Status codes: cdn.example.cn');
    expect(day).toContain(`${formatUnits(requests, 'count')} responses`);
    expect(day).toMatch(/\*Most frequent codes\*\n`200` /);
    expect(month).toContain(
      'Wangsu (account wangsu-prod) answers status codes for at most 7 days per query;',
    );
    expect(reportCalls(bot)).toHaveLength(1);
  });

  it('lists a Wangsu domain’s hourly log files of yesterday with their links', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('logs cdn.example.cn');

    const text = lastText(bot);
    expect(text).toContain('Logs: cdn.example.cn, 2026-11-22');
    const yesterday = parseChinaTime('2026-11-22 00:00:00')!;
    const profile = trafficProfile('cdn.example.cn');
    const hours = Array.from({ length: 24 }, (_, hour) => yesterday + hour * HOUR).filter(
      (hour) => !isQuietHour(profile, hour),
    );
    const lines = [...text.matchAll(/^(\d\d:\d\d)–(\d\d:\d\d) · [^·]+ · <([^|>]+)\|([^>]+)>$/gm)];
    expect(lines.map((line) => line[1])).toEqual(
      hours.map((hour) => `${String((hour - yesterday) / HOUR).padStart(2, '0')}:00`),
    );
    expect(lines[0]![3]).toMatch(
      new RegExp(`^${bot.wangsu!.url}/logs/cdn\\.example\\.cn_20261122\\d\\d\\.log\\.gz\\?expires=\\d+$`),
    );
    expect(lines[0]![4]).toMatch(/^cdn\.example\.cn_20261122\d\d\.log\.gz$/);
    expect(text).toContain(`${hours.length} packages`);
  });
});
