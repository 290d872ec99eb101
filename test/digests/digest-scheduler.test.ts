import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 2026-11-23 09:00 in Asia/Shanghai (UTC+8). */
const NINE_SHANGHAI = Date.UTC(2026, 10, 23, 1, 0, 0);
/** The same day's 09:00 in UTC: 17:00 in Shanghai. */
const NINE_UTC = Date.UTC(2026, 10, 23, 9, 0, 0);

const MORNING = {
  name: 'morning',
  channel: VIEW_CHANNEL,
  schedule: '0 9 * * *',
  domains: ['www.example.com', 'static.example.com'],
};

function fileStore(): string {
  return join(mkdtempSync(join(tmpdir(), 'cdnops-digests-')), 'cdnops.db');
}

/** Digest messages in the channel, not counting thread replies. */
function digestPosts(test: TestBot): StandinMessage[] {
  return test.slack.messages.filter(
    (message) => message.channel === VIEW_CHANNEL && !message.ephemeral && !message.threadTs,
  );
}

function replies(test: TestBot, parent: StandinMessage): StandinMessage[] {
  return test.slack.messages.filter((message) => message.threadTs === parent.ts);
}

/** Sets the clock and lets the scheduler look, as the 15-second ticker would. */
async function tickAt(test: TestBot, at: number): Promise<void> {
  test.clock.set(at);
  await test.bot.digests.tick(at);
}

function refusedBySlack(test: TestBot): string[] {
  return test.slack.calls.flatMap((call) => (call.error ? [`${call.method}: ${call.error}`] : []));
}

function cdnDataStarts(test: TestBot): Set<string> {
  return new Set(
    test.tencent.calls
      .filter((call) => call.action === 'DescribeCdnData')
      .map((call) => (call.params as { StartTime: string }).StartTime),
  );
}

describe('scheduled digests', () => {
  it('posts a digest due at 09:00 Asia/Shanghai once, at that instant, and not at 09:00 UTC', async () => {
    bot = await startTestBot({ startAt: NINE_SHANGHAI - 2 * HOUR, config: { digests: [MORNING] } });

    await tickAt(bot, NINE_SHANGHAI - 1_000);
    const before = digestPosts(bot).length;
    await tickAt(bot, NINE_SHANGHAI);
    const atNine = digestPosts(bot).length;
    await tickAt(bot, NINE_SHANGHAI + 15_000);
    await tickAt(bot, NINE_UTC);

    expect([before, atNine, digestPosts(bot).length]).toEqual([0, 1, 1]);
    const [post] = digestPosts(bot);
    const text = visibleText(post!);
    expect(text).toContain('Digest morning: Sunday 2026-11-22');
    expect(text).toContain('changes against the day before and the same day last week');
    expect(text).toMatch(
      /^\*Traffic\* [\d.]+ [KMGT]?B · [+−]?[\d.]+% vs day before · [+−]?[\d.]+% vs same day last week$/m,
    );
    expect(text).toMatch(/^\*Peak bandwidth\* [\d.]+ [KMG]?bps at 2026-11-22 \d\d:\d\d/m);
    expect(text).toMatch(/^\*Errors\* 4xx [\d.]+% · 5xx [\d.]+% of [\d.,]+[KM]? responses$/m);
    expect(text).toMatch(/^\*Top URLs by traffic\*\n1\. (www|static)\.example\.com\/\S+ · [\d.]+ [KMGT]?B$/m);
    expect(text).toMatch(/^[▁▂▃▄▅▆▇█ ]{48}$/m);
    // Traffic for the day with the day before in one range, the same day last week apart.
    expect(cdnDataStarts(bot)).toEqual(new Set(['2026-11-15 00:00:00', '2026-11-21 00:00:00']));
    const trafficRanges = bot.tencent.calls
      .filter((call) => call.action === 'DescribeCdnData')
      .map((call) => call.params as { Metric: string; StartTime: string; EndTime: string })
      .filter((params) => !/xx|statusCode/.test(params.Metric))
      .map((params) => `${params.StartTime} – ${params.EndTime}`);
    expect(new Set(trafficRanges)).toEqual(
      new Set(['2026-11-21 00:00:00 – 2026-11-22 23:59:59', '2026-11-15 00:00:00 – 2026-11-15 23:59:59']),
    );
    expect(await bot.bot.services.store.digestRuns.get('morning', NINE_SHANGHAI)).toMatchObject({
      outcome: 'posted',
      messageTs: post!.ts,
    });
    expect(refusedBySlack(bot)).toEqual([]);
  });

  it('posts once when two schedulers share the store and look at the same moment', async () => {
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - HOUR,
      config: { store: fileStore(), digests: [MORNING] },
    });
    const replica = await bot.startReplica();

    bot.clock.set(NINE_SHANGHAI);
    await Promise.all([
      bot.bot.digests.tick(NINE_SHANGHAI),
      replica.digests.tick(NINE_SHANGHAI),
      replica.digests.tick(NINE_SHANGHAI + 1_000),
    ]);

    expect(digestPosts(bot)).toHaveLength(1);
    expect(await bot.bot.services.store.digestRuns.recent('morning', 5)).toHaveLength(1);
  });

  it('posts once when a slow run is still going as the next tick comes', async () => {
    bot = await startTestBot({ startAt: NINE_SHANGHAI - HOUR, config: { digests: [MORNING] } });
    bot.clock.set(NINE_SHANGHAI);

    const slow = bot.bot.digests.tick(NINE_SHANGHAI);
    const overlapping = bot.bot.digests.tick(NINE_SHANGHAI + 15_000);
    await Promise.all([slow, overlapping]);

    expect(digestPosts(bot)).toHaveLength(1);
  });

  it('after downtime, a restart at 09:05 posts the missed 09:00 digest once', async () => {
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - HOUR,
      config: { store: fileStore(), digests: [MORNING] },
    });
    await tickAt(bot, NINE_SHANGHAI - 30 * MINUTE);

    bot.clock.set(NINE_SHANGHAI + 5 * MINUTE);
    await bot.restart();
    const afterRestart = digestPosts(bot).length;
    await tickAt(bot, NINE_SHANGHAI + 5 * MINUTE + 15_000);
    bot.clock.set(NINE_SHANGHAI + 10 * MINUTE);
    await bot.restart();

    expect([afterRestart, digestPosts(bot).length]).toEqual([1, 1]);
    expect(visibleText(digestPosts(bot)[0]!)).toContain('Digest morning: Sunday 2026-11-22');
  });

  it('skips a run missed by more than digestGrace with a log line, and posts the next one', async () => {
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - 24 * HOUR - HOUR,
      config: { store: fileStore(), digests: [MORNING], digestGrace: '30m' },
    });
    await tickAt(bot, NINE_SHANGHAI - 24 * HOUR);
    const dayBefore = digestPosts(bot).length;

    bot.clock.set(NINE_SHANGHAI + 45 * MINUTE);
    await bot.restart();
    const afterRestart = digestPosts(bot).length;
    await tickAt(bot, NINE_SHANGHAI + 24 * HOUR);

    expect([dayBefore, afterRestart, digestPosts(bot).length]).toEqual([1, 1, 2]);
    const skipped = bot.logs.filter((line) => line.includes('digest run skipped'));
    expect(skipped).toHaveLength(1);
    expect(JSON.parse(skipped[0]!)).toMatchObject({
      level: 'warn',
      msg: 'digest run skipped: it was missed by more than digestGrace',
      digest: 'morning',
      dueAt: new Date(NINE_SHANGHAI).toISOString(),
      missed: 1,
      graceMs: 30 * MINUTE,
    });
    expect(visibleText(digestPosts(bot)[1]!)).toContain('Digest morning: Monday 2026-11-23');
  });

  it('keeps 120 domains readable within Block Kit limits: totals first, the busiest in the channel, all in the thread', async () => {
    const domains = manyDomains(120);
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - HOUR,
      account: { ...TEST_ACCOUNT, domains: domains.map((domain) => ({ domain })) },
      config: { digests: [{ ...MORNING, domains: 'all' }] },
    });

    await tickAt(bot, NINE_SHANGHAI);

    const posts = digestPosts(bot);
    expect(posts).toHaveLength(1);
    const main = posts[0]!;
    const thread = replies(bot, main);
    expect(refusedBySlack(bot)).toEqual([]);
    for (const message of [main, ...thread]) expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = visibleText(main);
    expect(text).toContain('120 domains in 1 account');
    const order = ['*Total*', '*Traffic*', '*Top URLs by traffic*', '*Busiest domains*'].map((marker) =>
      text.indexOf(marker),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain(
      'All 120 domains in full (sparkline, top URLs) in the thread; 110 more domains only there.',
    );
    const busiest = [...text.matchAll(/^\*(d\d+\.example\.com)\* · ([\d.]+) ([KMGT]?B)/gm)];
    expect(busiest).toHaveLength(10);
    expect(thread).toHaveLength(4);
    const detailed = thread.flatMap((reply) => [
      ...visibleText(reply).matchAll(/^(?::warning: )?\*(d\d+\.example\.com)\* \(`tencent-prod`\)/gm),
    ]);
    expect(new Set(detailed.map((match) => match[1]))).toEqual(new Set(domains));
    expect(detailed.slice(0, 10).map((match) => match[1])).toEqual(busiest.map((match) => match[1]));
    // About 600 provider calls (status codes and top URLs are per domain): generous for a loaded CI machine.
  }, 60_000);

  it('names the domains of an account that failed, with the provider’s error, and posts the rest', async () => {
    bot = await startTestBot({
      startAt: NINE_SHANGHAI - HOUR,
      backupTencent: {
        secretId: 'AKIDtestbackup000000000000000000000',
        secretKey: 'test-backup-secret-key-000000000',
        domains: [{ domain: 'api.example.net' }, { domain: 'img.example.net' }],
      },
      config: { digests: [{ ...MORNING, domains: 'all' }] },
    });
    bot.backupTencent!.faults.push({
      action: 'DescribeCdnData',
      kind: 'error',
      code: 'UnauthorizedOperation.CdnHostUnauthorized',
      message: 'The sub-account may not read these domains.',
      times: 1_000,
    });

    await tickAt(bot, NINE_SHANGHAI);

    const [post] = digestPosts(bot);
    const text = visibleText(post!);
    const note = text.match(
      /^:warning: No figures for `api\.example\.net`, `img\.example\.net` \(`tencent-backup`\): `UnauthorizedOperation\.CdnHostUnauthorized` The sub-account may not read these domains\. \(request id `([\w-]+)`\)$/m,
    );
    expect(note).not.toBeNull();
    const refused = bot.backupTencent!.calls.filter(
      (call) => call.errorCode === 'UnauthorizedOperation.CdnHostUnauthorized',
    );
    expect(refused.map((call) => call.requestId)).toContain(note![1]);
    expect(text).toContain('*By domain*, most traffic first');
    expect(text).toMatch(/^\*www\.example\.com\* \(`tencent-prod`\) · [\d.]+ [KMGT]?B/m);
    expect(text).toContain('4 of 6 domains in 2 accounts');
    expect(await bot.bot.services.store.digestRuns.get('morning', NINE_SHANGHAI)).toMatchObject({
      outcome: 'partial',
      detail: 'no figures for api.example.net, img.example.net',
    });
  });
});
