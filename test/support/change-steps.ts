/**
 * The steps the tests of change commands (cache, origin, cert, block, referer…) take around a change: type it, press
 * Confirm on the preview, and read what the providers were asked to write.
 */
import type { StandinMessage } from '../../sandbox/slack/index.ts';
import { clickButton, OPERATOR, type TestBot } from './start-test-bot.ts';

/** The newest message only the caller sees: a preview, a refusal, or what a button press answered. */
export function lastEphemeral(test: TestBot): StandinMessage {
  return [...test.slack.messages].reverse().find((message) => message.ephemeral)!;
}

/** Sends a change command (as the operator unless told) and presses Confirm on its preview. */
export async function confirm(test: TestBot, text: string, user = OPERATOR): Promise<void> {
  await test.send(text, { user });
  await clickButton(test, lastEphemeral(test), 'change.confirm', user);
}

/** The domain settings Tencent was asked to change: every change command writes through UpdateDomainConfig. */
export function tencentWrites(test: TestBot) {
  return test.tencent.calls.filter((call) => call.action === 'UpdateDomainConfig');
}

/**
 * What Wangsu was asked to change (none when the bot runs without it). Reads are GETs, but for the certificate list,
 * which is a POST under /api/terraform/.
 */
export function wangsuWrites(test: TestBot) {
  return (
    test.wangsu?.calls.filter((call) => call.method !== 'GET' && !call.path.startsWith('/api/terraform/')) ??
    []
  );
}
