/**
 * A followed purge is finished only once its final message is delivered (issue 18, point 3): Slack failing the "done"
 * edit must not leave the message at "in progress". Through the real app, the Tencent sandbox and the Slack stand-in,
 * on the manual clock: the follower's waits move virtual time, so nothing here sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/index.ts';
import { OPS_CHANNEL, startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await bot?.close();
  bot = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function channelMessages(test: TestBot): StandinMessage[] {
  return test.slack.messages.filter((message) => !message.ephemeral && message.channel === OPS_CHANNEL);
}

function callsTo(test: TestBot, method: string) {
  return test.slack.calls.filter((call) => call.method === method);
}

/** The id of the followed submission a log line names (the bot logs it with every delivery problem). */
function submissionIdLogged(test: TestBot, msg: string): string {
  const line = test.logs
    .map((each) => JSON.parse(each) as Record<string, unknown>)
    .find((each) => each.msg === msg);
  expect(line, `a log line "${msg}"`).toBeDefined();
  return String(line!.id);
}

async function nothingLeftToFollow(test: TestBot): Promise<void> {
  await test.bot.services.follower.idle();
  expect(await test.bot.services.store.follows.nextDueAt()).toBeUndefined();
}

describe('the final message of a followed purge', () => {
  it('is edited to done after Slack answered internal_error once, exactly once and without duplicates', async () => {
    bot = await startTestBot();
    bot.slack.failNext('chat.update', 'internal_error');

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor((calls) => calls.filter((call) => call.method === 'chat.update').length >= 2);
    await nothingLeftToFollow(bot);

    expect(callsTo(bot, 'chat.update').map((call) => call.error)).toEqual(['internal_error', undefined]);
    const shown = channelMessages(bot);
    expect(shown).toHaveLength(1);
    expect(callsTo(bot, 'chat.postMessage')).toHaveLength(1);
    expect(shown[0]!.edits).toBe(1);
    expect(visibleText(shown[0]!)).toContain('done');
    expect(visibleText(shown[0]!)).not.toContain('in progress');
    const id = submissionIdLogged(bot, 'could not deliver the final message; will retry');
    expect(await bot.bot.services.store.follows.get(id)).toMatchObject({ state: 'finished' });
  });

  it('is posted as a new message once when the original cannot be edited (message_not_found), then finished', async () => {
    bot = await startTestBot();
    bot.slack.failNext('chat.update', 'message_not_found');

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor(
      (calls) => calls.filter((call) => call.method === 'chat.postMessage').length >= 2,
    );
    await nothingLeftToFollow(bot);

    expect(callsTo(bot, 'chat.update').map((call) => call.error)).toEqual(['message_not_found']);
    const [original, final, ...more] = channelMessages(bot);
    expect(more).toEqual([]);
    expect(original!.edits).toBe(0);
    expect(visibleText(original!)).toContain('in progress');
    expect(visibleText(final!)).toContain('done');
    expect(visibleText(final!)).not.toContain('in progress');
    const id = submissionIdLogged(
      bot,
      'the message cannot be edited; posting the final state as a new message',
    );
    expect(await bot.bot.services.store.follows.get(id)).toMatchObject({ state: 'finished' });
  });

  it('keeps the retry in the store: a restart after the failed edit still delivers it, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdnops-final-delivery-'));
    dirs.push(dir);
    bot = await startTestBot({ config: { store: join(dir, 'cdnops.db') } });
    bot.slack.failNext('chat.update', 'internal_error');
    const test = bot;
    // The process goes away right after Slack failed the edit, before it could try again.
    let stopped: Promise<void> | undefined;
    bot.slack.onChange((change) => {
      if (change.call.method === 'chat.update' && change.call.error && !stopped) {
        stopped = test.bot.services.follower.stop();
      }
    });

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));
    await stopped;

    const id = submissionIdLogged(bot, 'could not deliver the final message; will retry');
    expect(await bot.bot.services.store.follows.get(id)).toMatchObject({
      state: 'delivering',
      payload: { outcome: 'finished' },
      leaseOwner: null,
    });
    expect(visibleText(channelMessages(bot)[0]!)).toContain('in progress');

    await bot.restart();
    await bot.slack.waitFor((calls) => calls.filter((call) => call.method === 'chat.update').length >= 2);
    await nothingLeftToFollow(bot);

    expect(callsTo(bot, 'chat.update').map((call) => call.error)).toEqual(['internal_error', undefined]);
    const shown = channelMessages(bot);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.edits).toBe(1);
    expect(visibleText(shown[0]!)).toContain('done');
    expect(await bot.bot.services.store.follows.get(id)).toMatchObject({ state: 'finished' });
  });

  it('waits out Retry-After when Slack answers 429 to the final edit, then edits once', async () => {
    bot = await startTestBot();
    const retryAfterSeconds = 120;
    bot.slack.failNext('chat.update', 'ratelimited', { retryAfterSeconds });
    // When each edit reached Slack, on the clock the bot runs on (the stand-in stamps calls with real time).
    const editedAt: number[] = [];
    const test = bot;
    bot.slack.onChange((change) => {
      if (change.call.method === 'chat.update') editedAt.push(test.clock.now());
    });

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor((calls) => calls.filter((call) => call.method === 'chat.update').length >= 2);
    await nothingLeftToFollow(bot);

    expect(callsTo(bot, 'chat.update').map((call) => call.error)).toEqual(['ratelimited', undefined]);
    expect(editedAt).toHaveLength(2);
    // Longer than any backoff of the follower's own (pollMax is 60 s): only Retry-After explains the wait.
    expect(editedAt[1]! - editedAt[0]!).toBeGreaterThanOrEqual(retryAfterSeconds * 1000);
    const shown = channelMessages(bot);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.edits).toBe(1);
    expect(visibleText(shown[0]!)).toContain('done');
  });

  it('keeps retrying a failing edit with backoff until giveUpAfter, then posts the final state as a new message once', async () => {
    bot = await startTestBot();
    // More failures than attempts fit in 30 minutes of backoff (10 s doubling to 60 s): Slack never takes the edit.
    for (let attempt = 0; attempt < 60; attempt += 1) bot.slack.failNext('chat.update', 'internal_error');
    const test = bot;
    const at = new Map<string, number[]>();
    bot.slack.onChange((change) => {
      at.set(change.call.method, [...(at.get(change.call.method) ?? []), test.clock.now()]);
    });

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor(
      (calls) => calls.filter((call) => call.method === 'chat.postMessage').length >= 2,
    );
    await nothingLeftToFollow(bot);

    const edits = at.get('chat.update') ?? [];
    expect(callsTo(bot, 'chat.update').every((call) => call.error === 'internal_error')).toBe(true);
    // Backed off: far fewer attempts than a retry every pollInitial (10 s) would make, and none 60 s apart or more.
    expect(edits.length).toBeGreaterThan(20);
    expect(edits.length).toBeLessThan(45);
    const gaps = edits.slice(1).map((time, index) => time - edits[index]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(edits.at(-1)! - edits[0]!).toBeGreaterThanOrEqual(30 * 60_000);
    const [original, final, ...more] = channelMessages(bot);
    expect(more).toEqual([]);
    expect(visibleText(original!)).toContain('in progress');
    expect(visibleText(final!)).toContain('done');
  });
});
