import { afterEach, describe, expect, it } from 'vitest';
import { minuteTraffic, trafficProfile } from '../../sandbox/tencent/traffic-model.ts';
import { parseChinaTime } from '../../src/providers/china-time.ts';
import { formatUnits } from '../../src/render/format-units.ts';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
/** `stats … ` without a range: the last 24 hours before the test clock (2026-11-23 10:00 Beijing). */
const FROM = parseChinaTime('2026-11-22 10:00:00')!;
const TO = FROM + 24 * 60 * MINUTE;

/** What the domain served in [from, to), every area together. */
function servedFlux(domain: string): number {
  const profile = trafficProfile(domain);
  let total = 0;
  for (let minute = FROM; minute < TO; minute += MINUTE) total += minuteTraffic(profile, minute).flux;
  return total;
}

const ACCOUNT = {
  ...TEST_ACCOUNT,
  domains: [
    { domain: 'www.example.com' },
    { domain: 'abroad.example.com', area: 'overseas' as const },
    { domain: 'global.example.com', area: 'global' as const },
  ],
};

function cdnDataAreas(test: TestBot): string[] {
  return test.tencent.calls
    .filter((call) => call.action === 'DescribeCdnData')
    .map((call) => (call.params as { Area?: string }).Area ?? 'mainland');
}

describe('/cdn stats in every area a domain serves', () => {
  it('shows an overseas domain’s real traffic, asking Tencent for the overseas area', async () => {
    bot = await startTestBot({ account: ACCOUNT });

    await bot.send('stats abroad.example.com --metric flux');

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toMatch(
      new RegExp(`^\\*Traffic\\* ${formatUnits(servedFlux('abroad.example.com'), 'bytes')} · `, 'm'),
    );
    expect(cdnDataAreas(bot)).toEqual(['overseas']);
  });

  it('shows a global domain’s mainland and overseas traffic added up', async () => {
    bot = await startTestBot({ account: ACCOUNT });

    await bot.send('stats global.example.com --metric flux');

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toMatch(
      new RegExp(`^\\*Traffic\\* ${formatUnits(servedFlux('global.example.com'), 'bytes')} · `, 'm'),
    );
    expect(cdnDataAreas(bot).sort()).toEqual(['mainland', 'overseas']);
  });

  it('asks each area once for a batch of domains of both, and adds every domain in', async () => {
    bot = await startTestBot({ account: ACCOUNT });

    await bot.send('stats all --metric flux');

    const text = visibleText(bot.slack.messages.at(-1)!);
    const total = ['www.example.com', 'abroad.example.com', 'global.example.com'].reduce(
      (sum, domain) => sum + servedFlux(domain),
      0,
    );
    expect(text).toMatch(new RegExp(`^\\*Traffic\\* ${formatUnits(total, 'bytes')} · `, 'm'));
    expect(cdnDataAreas(bot).sort()).toEqual(['mainland', 'overseas']);
  });
});
