import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot, VIEW_CHANNEL, VIEWER, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!);
}

/** The figure shown as left for one kind and area, e.g. `URL purge · mainland: *9,998* of ...` → 9998. */
function available(text: string, label: string, area: string): number {
  const match = new RegExp(`${label} · ${area}: \\*([\\d,]+)\\*`).exec(text);
  if (!match) throw new Error(`no "${label} · ${area}" line in:\n${text}`);
  return Number(match[1]!.replaceAll(',', ''));
}

describe('/cdn quota', () => {
  it('shows URL purge, directory purge and prefetch quota per area: left, total and per-request batch', async () => {
    bot = await startTestBot({
      sandbox: {
        quotas: {
          urlPurge: { batch: 900, total: 8000 },
          pathPurge: { batch: 10, total: 50 },
          urlPush: { batch: 200, total: 1500 },
        },
      },
    });

    await bot.send('quota', { user: VIEWER, channel: VIEW_CHANNEL });

    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply).split('\n')).toEqual([
      '*Quota left today*',
      '*tencent-prod*',
      '      URL purge · mainland: *8,000* of 8,000 left (up to 900 a request)',
      '      URL purge · overseas: *8,000* of 8,000 left (up to 900 a request)',
      '      Directory purge · mainland: *50* of 50 left (up to 10 a request)',
      '      Directory purge · overseas: *50* of 50 left (up to 10 a request)',
      '      Prefetch · mainland: *1,500* of 1,500 left (up to 200 a request)',
      '      Prefetch · overseas: *1,500* of 1,500 left (up to 200 a request)',
      'Quotas reset at midnight, China time.',
    ]);
    expect(bot.tencent.calls.map((call) => call.action).sort()).toEqual([
      'DescribePurgeQuota',
      'DescribePushQuota',
    ]);
  });

  it('shows 2 fewer mainland URL purges left after purging 2 URLs, and nothing else used', async () => {
    bot = await startTestBot();
    await bot.send('quota');
    const before = lastText(bot);

    await bot.send('purge https://www.example.com/a.js https://www.example.com/b.js');
    await bot.send('quota');

    const after = lastText(bot);
    expect(available(after, 'URL purge', 'mainland')).toBe(available(before, 'URL purge', 'mainland') - 2);
    for (const [label, area] of [
      ['URL purge', 'overseas'],
      ['Directory purge', 'mainland'],
      ['Prefetch', 'mainland'],
    ] as const) {
      expect(available(after, label, area)).toBe(available(before, label, area));
    }
  });

  it('shows the provider code and request id when the quota cannot be read', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({
      action: 'DescribePurgeQuota',
      kind: 'error',
      code: 'UnauthorizedOperation.CdnCamUnauthorized',
    });

    await bot.send('quota');

    const failed = bot.tencent.calls.find((call) => call.errorCode !== undefined)!;
    const text = lastText(bot);
    expect(text).toContain('`UnauthorizedOperation.CdnCamUnauthorized`');
    expect(text).toContain(`(request id \`${failed.requestId}\`)`);
  });

  it('refuses arguments, pointing at --account', async () => {
    bot = await startTestBot();

    await bot.send('quota www.example.com');

    expect(lastText(bot)).toContain('`quota` takes no arguments; use --account to pick one account.');
    expect(bot.tencent.calls).toEqual([]);
  });
});
