/**
 * An origin change whose answer was lost (the sandboxes' `applyThenDrop`: the write runs, the socket is destroyed
 * unanswered): sent once, read back, reported done with the outcome reconciled, on both providers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clickButton, OPERATOR, startTestBot, type TestBot } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const lastEphemeral = (test: TestBot) =>
  [...test.slack.messages].reverse().find((message) => message.ephemeral)!;

async function doneDetail(test: TestBot, domain: string): Promise<string | null | undefined> {
  const { entries } = await test.bot.services.store.audit.query({ since: 0, domain, limit: 50, offset: 0 });
  return entries.find((entry) => entry.action === 'origin' && entry.outcome === 'done')?.detail;
}

describe('an origin change whose answer was lost', () => {
  it('Tencent: one UpdateDomainConfig, the origins in place, done, outcome reconciled', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'UpdateDomainConfig', kind: 'applyThenDrop' });

    await bot.send('origin www.example.com set 203.0.113.10 --protocol follow', { user: OPERATOR });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.tencent.calls.filter((call) => call.action === 'UpdateDomainConfig')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com')).toMatchObject({
      origins: ['203.0.113.10'],
      originPullProtocol: 'follow',
    });
    expect(await doneDetail(bot, 'www.example.com')).toContain('Outcome reconciled');
  });

  it('Wangsu: one EditDomainConfig PUT, origin-ips in place, done, outcome reconciled', async () => {
    bot = await startTestBot({ wangsu: {} });
    bot.wangsu!.faults.push({ path: '/api/domain/', method: 'PUT', kind: 'applyThenDrop' });

    await bot.send('origin cdn.example.cn set 203.0.113.30 203.0.113.31', { user: OPERATOR });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    const puts = bot.wangsu!.calls.filter((call) => call.method === 'PUT');
    expect(puts.map((call) => [call.path, call.status])).toEqual([['/api/domain/cdn.example.cn', 0]]);
    expect(bot.wangsu!.domain('cdn.example.cn').originIps).toBe('203.0.113.30;203.0.113.31');
    expect(await doneDetail(bot, 'cdn.example.cn')).toContain('Outcome reconciled');
  });
});
