import { afterEach, describe, expect, it } from 'vitest';
import type { StandinChange } from '../../sandbox/slack/index.ts';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/**
 * Every state the person's answer went through, as the stand-in showed it, with the clock time it showed. Each
 * progress note shown moves the clock on by `passMs`, as the seconds a long read takes would.
 */
function watchAnswer(
  test: TestBot,
  passMs = 0,
): { seen: { kind: string; ts: string; text: string; at: number }[] } {
  const watched = { seen: [] as { kind: string; ts: string; text: string; at: number }[] };
  test.slack.onChange((change: StandinChange) => {
    if (!change.message || change.call.method !== 'response_url') return;
    const text = visibleText(change.message);
    watched.seen.push({ kind: change.kind, ts: change.message.ts, text, at: test.clock.now() });
    if (text.includes('batch')) test.clock.advance(passMs);
  });
  return watched;
}

async function botWith(domainCount: number): Promise<TestBot> {
  return startTestBot({
    account: { ...TEST_ACCOUNT, domains: manyDomains(domainCount).map((domain) => ({ domain })) },
  });
}

describe('progress of a long /cdn stats all', () => {
  it('shows "batch N of M" in its first message while 300 domains are read, then the answer in the same message', async () => {
    bot = await botWith(300);
    const answer = watchAnswer(bot, 2_500);

    await bot.send('stats all --metric flux');

    const [first, ...rest] = answer.seen;
    expect(first).toMatchObject({ kind: 'ephemeral', text: expect.stringContaining('batch 1 of 10') });
    expect(first!.text).toContain('Reading 300 domains');
    const edits = rest.filter((state) => state.kind === 'updated');
    // Every later state edits that one message: no second message for the same answer.
    expect(rest.map((state) => state.ts)).toEqual(rest.map(() => first!.ts));
    expect(edits.length).toBe(rest.length);
    const progress = edits.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const state of progress)
      expect(state.text).toMatch(/Reading 300 domains: batch (?:[2-9]|10) of 10…/);
    // At most one edit per 2 seconds of the clock, and the note plus its edits leave Slack's 5 uses room.
    const times = [first!, ...progress].map((state) => state.at);
    for (let index = 1; index < times.length; index++) {
      expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(2_000);
    }
    expect(1 + progress.length).toBeLessThanOrEqual(3);
    const final = edits.at(-1)!;
    expect(final.text).toContain('Traffic: all domains');
    expect(final.text).toContain('300 domains in 1 account');
    expect(final.text).not.toContain('batch');
    const message = bot.slack.messages.find((candidate) => candidate.ts === first!.ts)!;
    expect(visibleText(message)).toContain('Traffic: all domains');
    expect(bot.slack.messages.filter((candidate) => candidate.ephemeral)).toHaveLength(1);
  });

  it('sends no progress for an answer read in one batch', async () => {
    bot = await botWith(30);
    const answer = watchAnswer(bot);

    await bot.send('stats all');

    expect(answer.seen.map((state) => state.kind)).toEqual(['ephemeral']);
    expect(answer.seen[0]!.text).toContain('30 domains in 1 account');
  });

  it('still answers, in the same message, when a progress edit fails', async () => {
    bot = await botWith(300);
    const answer = watchAnswer(bot, 2_500);
    const test = bot;
    // The edit after the first note is refused as Slack refuses a bad payload.
    const stop = bot.slack.onChange((change) => {
      if (change.kind === 'ephemeral' && visibleText(change.message!).includes('batch 1 of')) {
        test.slack.failNext('response_url', 'internal_error');
        stop();
      }
    });

    await bot.send('stats all --metric flux');

    const refused = bot.slack.calls.filter((call) => call.method === 'response_url' && call.error);
    expect(refused.map((call) => call.error)).toEqual(['internal_error']);
    expect(visibleText(refused[0]!.body as { text: string; blocks: unknown[] })).toMatch(
      /batch (?:[2-9]|10) of 10/,
    );
    const last = answer.seen.at(-1)!;
    expect(last).toMatchObject({ kind: 'updated', ts: answer.seen[0]!.ts });
    expect(last.text).toContain('300 domains in 1 account');
    // Progress stops after a refusal: the answer is the only later edit.
    expect(answer.seen.map((state) => state.kind)).toEqual(['ephemeral', 'updated']);
  });

  it('answers as a message of its own when even the first note could not be shown', async () => {
    bot = await botWith(300);
    const answer = watchAnswer(bot);
    bot.slack.failNext('response_url', 'internal_error');

    await bot.send('stats all --metric flux');

    expect(answer.seen.map((state) => state.kind)).toEqual(['ephemeral']);
    expect(answer.seen[0]!.text).toContain('300 domains in 1 account');
  });
});

describe('progress of codes and top', () => {
  it('shows codes all over 65 domains reading batch by batch, then the answer in the same message', async () => {
    bot = await botWith(65);
    const answer = watchAnswer(bot);

    await bot.send('codes all');

    expect(answer.seen[0]).toMatchObject({
      kind: 'ephemeral',
      text: ':hourglass_flowing_sand: Reading 65 domains: batch 1 of 3…',
    });
    expect(answer.seen.at(-1)).toMatchObject({ kind: 'updated', ts: answer.seen[0]!.ts });
    expect(answer.seen.at(-1)!.text).toContain('Status codes: all domains');
  });

  it('shows no progress for top of one domain, though it reads the ranking and then the total', async () => {
    bot = await botWith(30);
    const answer = watchAnswer(bot);

    await bot.send('top d01.example.com');

    expect(answer.seen.map((state) => state.kind)).toEqual(['ephemeral']);
    expect(answer.seen[0]!.text).toContain('d01.example.com');
  });
});
