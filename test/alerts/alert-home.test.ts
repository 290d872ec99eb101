import { afterEach, describe, expect, it } from 'vitest';
import { openHome, publishedHome, viewText } from '../support/slack-payloads.ts';
import { OPERATOR, OPS_CHANNEL, startTestBot, type TestBot, VIEWER } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** Monday 2026-11-23 21:00 in Asia/Shanghai. */
const NINE_PM = Date.UTC(2026, 10, 23, 13, 0, 0);

describe('the App Home and alerts', () => {
  it('lists the alerts firing in the visitor’s channels, with who acknowledged them', async () => {
    bot = await startTestBot({
      startAt: NINE_PM,
      config: {
        watches: [{ name: 'errors', channel: OPS_CHANNEL, domains: 'all', when: '5xx > 2%', for: '5m' }],
      },
    });
    const quiet = viewText(await homeOf(bot, VIEWER));
    bot.tencent.startIncident('www.example.com', { from: NINE_PM, serverErrorShare: 0.1 });
    bot.clock.set(NINE_PM + 5 * 60_000 + 30_000);
    await bot.bot.alerts.tick(bot.clock.now());
    await bot.send('watch ack errors', { user: OPERATOR });

    const home = viewText(await homeOf(bot, VIEWER)).replaceAll('&gt;', '>');

    expect(quiet).toContain('*Alerts firing in your channels*\n_None._');
    expect(home).toContain(
      `:rotating_light: *errors* in <#${OPS_CHANNEL}> · \`5xx > 2%\` on \`www.example.com\` · since 2026-11-23 21:00 (5 minutes) · acknowledged by <@${OPERATOR}>`,
    );
  });
});

async function homeOf(test: TestBot, user: string) {
  await openHome(test, user);
  return publishedHome(test, user);
}
