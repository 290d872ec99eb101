import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import {
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEW_CHANNEL,
  visibleText,
} from '../support/start-test-bot.ts';

/**
 * Digests on rare schedules (monthly, yearly): their period since the previous run is longer than one provider
 * query spans (Tencent 90 days, Wangsu 31, Wangsu status codes 7) or than a provider keeps (Tencent 90 days).
 * Issue 19, item 11: `0 9 1 1 *` was refused with a `--last` hint `digest run` does not take.
 */

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
/** Monday 2026-12-07 10:00 in Asia/Shanghai. */
const DECEMBER_7 = Date.UTC(2026, 11, 7, 2, 0, 0);
/** 2027-01-01 09:00 in Asia/Shanghai: the yearly digest is due. */
const NEW_YEAR = Date.UTC(2027, 0, 1, 1, 0, 0);
/** 2026-12-01 09:00 in Asia/Shanghai: the monthly digest is due. */
const DECEMBER_1 = Date.UTC(2026, 11, 1, 1, 0, 0);

/** Running a digest by hand needs operator in the digest's channel. */
const CHANNELS = {
  [OPS_CHANNEL]: { role: 'admin' },
  [VIEW_CHANNEL]: { role: 'operator' },
};

const YEARLY = {
  name: 'yearly',
  channel: VIEW_CHANNEL,
  schedule: '0 9 1 1 *',
  domains: ['www.example.com', 'cdn.example.cn'],
};

const MONTHLY = {
  name: 'monthly',
  channel: VIEW_CHANNEL,
  schedule: '0 9 1 * *',
  domains: ['cdn.example.cn', 'img.example.cn'],
};

/** `2026-09-09 00:00:00` (China time, as Tencent and Wangsu read it) as epoch ms. */
function chinaTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T').replace(/\+08:00$/, '')}+08:00`);
}

/** Every DescribeCdnData range the Tencent sandbox received, [from, to) with EndTime read as inclusive seconds. */
function tencentRanges(test: TestBot): { from: number; to: number }[] {
  return test.tencent.calls
    .filter((call) => call.action === 'DescribeCdnData')
    .map((call) => {
      const params = call.params as { StartTime: string; EndTime: string };
      return { from: chinaTime(params.StartTime), to: chinaTime(params.EndTime) + SECOND };
    });
}

/** Every Wangsu report range, by report path. */
function wangsuRanges(test: TestBot, path: string): { from: number; to: number }[] {
  return test
    .wangsu!.calls.filter((call) => call.path === path)
    .map((call) => {
      const times =
        path === '/api/report/status-code'
          ? (call.body as { dateFrom: string; dateTo: string })
          : Object.fromEntries(new URLSearchParams(call.query));
      return { from: chinaTime(times.dateFrom!), to: chinaTime(times.dateTo!) + SECOND };
    });
}

function longest(ranges: readonly { from: number; to: number }[]): number {
  return Math.max(...ranges.map((range) => range.to - range.from));
}

/** Digest messages (and replies about them) in the digest's channel and where it was run from. */
function digestPosts(test: TestBot): StandinMessage[] {
  return test.slack.messages.filter((message) => message.channel === VIEW_CHANNEL && !message.ephemeral);
}

function everyText(test: TestBot): string[] {
  return test.slack.messages.map((message) => visibleText(message));
}

describe('digests on rare schedules', () => {
  it('posts a yearly digest by hand and on 1 January, cut to what Tencent keeps and saying so', async () => {
    bot = await startTestBot({
      startAt: DECEMBER_7,
      wangsu: {},
      config: { channels: CHANNELS, digests: [YEARLY] },
    });

    await bot.send('digest run yearly');

    const [byHand] = digestPosts(bot);
    expect(byHand).toBeDefined();
    const handText = visibleText(byHand!);
    expect(handText).toContain('Digest yearly: 2026-09-09 – 2026-12-06');
    expect(handText).toContain(
      'Covers 2026-09-09 – 2026-12-06 only, not all of 2026-01-01 – 2026-12-06 since the previous run: Tencent keeps traffic data for 90 days. No comparison with the previous period, which is older still.',
    );
    expect(handText).toMatch(/^\*Traffic\* [\d.]+ [KMGT]?B$/m);
    expect(handText).toMatch(/^\*Errors\* 4xx [\d.]+% · 5xx [\d.]+% of [\d.,]+[KM]? responses$/m);
    expect(handText).not.toContain('could not be posted');
    expect(handText).not.toContain('No figures');
    // The caller's answer took the place of the run's progress note, posted before the digest.
    const answer = bot.slack.messages.filter((message) => message.ephemeral).at(-1)!;
    expect(visibleText(answer)).toContain('Posted digest *yearly*');

    bot.clock.set(NEW_YEAR);
    await bot.bot.digests.tick(NEW_YEAR);

    const scheduled = digestPosts(bot).filter((message) => !message.threadTs);
    expect(scheduled).toHaveLength(2);
    const newYearText = visibleText(scheduled[1]!);
    expect(newYearText).toContain('Digest yearly: 2026-10-04 – 2026-12-31');
    expect(newYearText).toContain(
      'not all of 2026-01-01 – 2026-12-31 since the previous run: Tencent keeps traffic data for 90 days.',
    );
    expect(newYearText).not.toContain('could not be posted');
    expect(await bot.bot.services.store.digestRuns.get('yearly', NEW_YEAR)).toMatchObject({
      outcome: 'posted',
    });

    // Every query within what each provider answers in one call.
    expect(longest(tencentRanges(bot))).toBeLessThanOrEqual(90 * DAY);
    const flow = wangsuRanges(bot, '/api/report/domainflow');
    expect(flow.length).toBeGreaterThanOrEqual(2);
    expect(longest(flow)).toBeLessThanOrEqual(31 * DAY);
    const codes = wangsuRanges(bot, '/api/report/status-code');
    expect(codes.length).toBeGreaterThanOrEqual(2 * 13);
    expect(longest(codes)).toBeLessThanOrEqual(7 * DAY);
    expect(bot.wangsu!.calls.filter((call) => call.status !== 200)).toEqual([]);
    expect(bot.tencent.calls.filter((call) => call.errorCode !== undefined)).toEqual([]);
    expect(everyText(bot).filter((text) => text.includes('--last'))).toEqual([]);
  }, 60_000);

  it('posts a monthly Wangsu digest with status codes asked 7 days at a time, adding up to the month', async () => {
    bot = await startTestBot({
      startAt: DECEMBER_1 - 60 * 60 * SECOND,
      wangsu: {},
      config: { channels: CHANNELS, digests: [{ ...MONTHLY, metrics: ['flux', 'request', 'statusCode'] }] },
    });

    bot.clock.set(DECEMBER_1);
    await bot.bot.digests.tick(DECEMBER_1);

    const [post] = digestPosts(bot).filter((message) => !message.threadTs);
    expect(post).toBeDefined();
    const text = visibleText(post!);
    expect(text).toContain('Digest monthly: 2026-11-01 – 2026-11-30');
    expect(text).not.toContain('Covers');
    expect(text).not.toContain('could not be posted');
    expect(text).not.toContain('No status codes');
    expect(text).toMatch(/^\*Errors\* 4xx [\d.]+% · 5xx [\d.]+% of [\d.,]+[KM]? responses$/m);

    const month = { from: chinaTime('2026-11-01 00:00:00'), to: chinaTime('2026-12-01 00:00:00') };
    const flow = wangsuRanges(bot, '/api/report/domainflow');
    expect(longest(flow)).toBeLessThanOrEqual(31 * DAY);
    const codes = wangsuRanges(bot, '/api/report/status-code');
    expect(longest(codes)).toBeLessThanOrEqual(7 * DAY);
    // The pieces of the month, each asked once, cover it exactly: nothing left out, nothing counted twice.
    const current = codes.filter((range) => range.from >= month.from && range.to <= month.to);
    const covered = current.sort((a, b) => a.from - b.from);
    expect(covered[0]!.from).toBe(month.from);
    expect(covered.at(-1)!.to).toBe(month.to);
    for (let index = 1; index < covered.length; index++) {
      expect(covered[index]!.from).toBe(covered[index - 1]!.to);
    }
    expect(bot.wangsu!.calls.filter((call) => call.status !== 200)).toEqual([]);
    expect(everyText(bot).filter((text) => text.includes('--last'))).toEqual([]);
  }, 60_000);

  it('notes, without refusing, a schedule whose runs are further apart than the providers keep', async () => {
    bot = await startTestBot({
      startAt: DECEMBER_7,
      config: { channels: CHANNELS, digests: [YEARLY] },
    });

    await bot.send(
      `digest add quarterly --channel <#${VIEW_CHANNEL}|readers> --schedule "0 9 1 1,4,7,10 *" --domains www.example.com`,
    );

    const added = visibleText(bot.slack.messages.at(-1)!);
    expect(added).toContain('added digest *quarterly*');
    expect(added).toContain(
      'A run covers the 92 days since the previous one, longer than Tencent keeps traffic data for 90 days: each digest covers the last 89 days and says so.',
    );
    expect(await bot.bot.services.store.digests.get('quarterly')).toBeDefined();
    const startUp = bot.logs.filter((line) =>
      line.includes('digest period is longer than its providers keep'),
    );
    expect(startUp).toHaveLength(1);
    expect(startUp[0]).toContain('yearly');
    expect(startUp[0]).toContain('A run covers the 365 days since the previous one');
  });
});
