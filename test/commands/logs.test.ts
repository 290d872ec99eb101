import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';
import { fakeTrafficProvider } from '../traffic/fake-traffic-provider.ts';
import { type FakeRun, readable, runWithFakes } from '../traffic/run-with-fakes.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const HOUR_MS = 3_600_000;

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

function logCalls(test: TestBot) {
  return test.tencent.calls
    .filter((call) => call.action === 'DescribeCdnDomainLogs')
    .map((call) => call.params as Record<string, unknown>);
}

/** `00:00–01:00 · 4.74 KB · <url|name>` lines → [hours, url]. */
function packageLines(text: string): [string, string][] {
  return [...text.matchAll(/^(\d\d:\d\d–\d\d:\d\d) · [^·]+ · <([^|>]+)\|[^>]+>$/gm)].map((match) => [
    match[1]!,
    match[2]!,
  ]);
}

describe('/cdn logs', () => {
  it('lists yesterday’s packages by hour with size and link, and says the links expire', async () => {
    bot = await startTestBot();

    await bot.send('logs www.example.com');

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text).toContain('Logs: www.example.com, 2026-11-22');
    const lines = packageLines(text);
    expect(lines.length).toBeGreaterThan(12);
    expect(lines.map(([hours]) => hours)).toEqual([...lines.map(([hours]) => hours)].sort());
    expect(
      lines.every(([, url]) => url.startsWith(`${bot!.tencent.url}/logs/www.example.com/20261122`)),
    ).toBe(true);
    expect(text).toContain(`${lines.length} packages`);
    expect(text).toContain('The links expire 1 day after they are issued');
    expect(text).toContain('`cdnops logs fetch www.example.com --day 2026-11-22 --dest DIR`');
    expect(logCalls(bot)).toEqual([
      expect.objectContaining({
        Domain: 'www.example.com',
        StartTime: '2026-11-22 00:00:00',
        EndTime: '2026-11-22 23:59:59',
      }),
    ]);
  });

  it('takes --day as a date, listing that day', async () => {
    bot = await startTestBot();

    await bot.send('logs static.example.com --day 2026-11-01');

    expect(visibleText(lastReply(bot))).toContain('Logs: static.example.com, 2026-11-01');
    expect(logCalls(bot)[0]).toMatchObject({ StartTime: '2026-11-01 00:00:00' });
  });

  it.each([
    [
      'older than 30 days',
      '2026-10-20',
      'Tencent (account tencent-prod) keeps log packages for 30 days; 2026-10-20 is older than that.',
    ],
    ['not begun yet', '2026-11-24', '2026-11-24 has not begun yet'],
    ['not a day', 'someday', '--day someday is not a day I can read.'],
  ])('refuses a day %s before asking for packages', async (_case, day, message) => {
    bot = await startTestBot();

    await bot.send(`logs www.example.com --day ${day}`);

    expect(visibleText(lastReply(bot))).toContain(message);
    expect(logCalls(bot)).toEqual([]);
  });

  it('lists a global domain’s packages of both areas in time order', async () => {
    bot = await startTestBot();

    await bot.send('logs global.example.com --day 2026-11-21');

    const lines = packageLines(visibleText(lastReply(bot)));
    expect(lines.some(([, url]) => url.includes('area=overseas'))).toBe(true);
    expect(lines.map(([hours]) => hours)).toEqual([...lines.map(([hours]) => hours)].sort());
    expect(bot.slack.calls.filter((call) => call.error)).toEqual([]);
  });
});

describe('/cdn logs with providers that differ (fakes)', () => {
  let run: FakeRun | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('pages a day of many packages, keeping every message inside Block Kit limits', async () => {
    const dayStart = Date.UTC(2026, 10, 21, 16);
    const longLink = `https://logs.example.net/${'x'.repeat(700)}`;
    const packages = Array.from({ length: 48 }, (_, index) => ({
      domain: 'www.example.com',
      start: dayStart + Math.floor(index / 2) * HOUR_MS,
      end: dayStart + (Math.floor(index / 2) + 1) * HOUR_MS,
      url: `${longLink}/${index}.gz`,
      size: 1024 * (index + 1),
      name: `package-${String(index).padStart(2, '0')}`,
    }));
    run = runWithFakes([fakeTrafficProvider({ logPackages: packages })]);

    const first = await run.send('logs www.example.com --day 2026-11-22');
    const second = await run.send('logs www.example.com --day 2026-11-22 --page 2');

    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(readable(first.reply)).toContain(
      'Page 1 of 2. Next: `/cdn logs www.example.com --day 2026-11-22 --page 2`',
    );
    expect(packageLines(readable(first.reply))).toHaveLength(24);
    expect(packageLines(readable(second.reply)).at(-1)).toEqual(['23:00–00:00', `${longLink}/47.gz`]);
  });

  it('leaves out packages that start on another day', async () => {
    const dayStart = Date.UTC(2026, 10, 21, 16);
    run = runWithFakes([
      fakeTrafficProvider({
        logPackages: [
          {
            domain: 'www.example.com',
            start: dayStart - HOUR_MS,
            end: dayStart,
            url: 'https://l/a',
            size: 1,
            name: 'before',
          },
          {
            domain: 'www.example.com',
            start: dayStart,
            end: dayStart + HOUR_MS,
            url: 'https://l/b',
            size: 1,
            name: 'first',
          },
        ],
      }),
    ]);

    const { reply } = await run.send('logs www.example.com --day 2026-11-22');

    expect(packageLines(readable(reply))).toEqual([['00:00–01:00', 'https://l/b']]);
  });
});
