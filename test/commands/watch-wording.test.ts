/** What `/cdn watch add` tells people about how long a condition must hold, and about conditions written wrongly. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!).replaceAll('&gt;', '>').replaceAll('&lt;', '<');
}

describe('/cdn watch add wording', () => {
  it('says how long the condition must hold as it is evaluated: whole 5-minute intervals', async () => {
    bot = await startTestBot();

    await bot.send('watch add slow --domains all --when "hit-rate < 80%" --for 7m --dry-run');
    expect(lastText(bot)).toContain(
      'holds for 10 minutes (--for 7m, rounded up to whole 5-minute intervals) · all domains',
    );

    await bot.send('watch add slow --domains all --when "hit-rate < 80%" --for 10m --dry-run');
    expect(lastText(bot)).toContain('holds for 10 minutes · all domains');
  });

  it('refuses a certificate condition written the wrong way round, saying how to write it', async () => {
    bot = await startTestBot();

    await bot.send('watch add certs --domains all --when "cert > 14d"');

    expect(lastText(bot)).toContain('e.g. "cert < 14d"');
  });
});
