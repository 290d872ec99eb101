/**
 * What reaches POST /slack/events besides one well-formed delivery per click: Slack's retries, replays of a captured
 * request, bodies past Bolt's limit, and a response_url that has expired by the time a long-lived message changes.
 * Forged, stale and unsigned requests are in test/slack/http-receiver.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interactionBody, sendSignedToApp, slashCommandBody } from '../../sandbox/slack/index.ts';
import { STORE_UNAVAILABLE } from '../../src/dispatch/format-error.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  ADMIN,
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';
import { clickBody } from './click-body.ts';

let bot: TestBot | undefined;
const folders: string[] = [];
afterEach(async () => {
  await bot?.close();
  bot = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A store file that outlives the bot process: what a restart, or a second replica, opens again. */
function storeFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cdnops-deliveries-'));
  folders.push(folder);
  return join(folder, 'cdnops.db');
}

const RETRY = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

function purgeBody(test: TestBot): string {
  return slashCommandBody({
    text: 'purge https://www.example.com/a.js',
    userId: OPERATOR,
    channelId: OPS_CHANNEL,
    responseUrl: test.slack.responseUrl(undefined, { channel: OPS_CHANNEL, user: OPERATOR }),
    triggerId: '1000000001.1.purgetrigger',
  });
}

const actions = (test: TestBot, action: string) =>
  test.tencent.calls.filter((call) => call.action === action);
/** Everything Slack saw apart from the `auth.test` Bolt makes at start-up. */
const slackCalls = (test: TestBot) =>
  test.slack.calls.map((call) => call.method).filter((method) => method !== 'auth.test');

describe('a delivery Slack sends again', () => {
  it('purges once when Slack retries a /cdn purge with X-Slack-Retry-Num, and acknowledges the retry', async () => {
    bot = await startTestBot();
    const body = purgeBody(bot);
    const first = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();

    const retry = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body, { headers: RETRY });
    await bot.bot.drain();

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(actions(bot, 'PurgeUrlsCache')).toHaveLength(1);
    expect(bot.slack.messages.filter((message) => !message.ephemeral)).toHaveLength(1);
    expect(bot.logs.some((line) => line.includes('"msg":"ignored a repeated Slack delivery"'))).toBe(true);
  });

  it('purges once when the very same signed request is replayed inside the 5-minute signature window', async () => {
    bot = await startTestBot();
    const body = purgeBody(bot);
    const signedAt = Date.now() / 1000;

    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body, { timestampSeconds: signedAt })).status,
      );
      await bot.bot.drain();
    }

    expect(statuses).toEqual([200, 200, 200]);
    expect(actions(bot, 'PurgeUrlsCache')).toHaveLength(1);
  });

  it('still runs two real invocations of the same command: each has its own response_url', async () => {
    bot = await startTestBot();

    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, purgeBody(bot));
    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, purgeBody(bot));
    await bot.bot.drain();

    expect(actions(bot, 'PurgeUrlsCache')).toHaveLength(2);
  });

  it('stops the domain once when Slack retries an Approve click, and shows the approver no refusal', async () => {
    bot = await startTestBot();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = bot.slack.messages.find((message) => !message.ephemeral)!;
    const body = clickBody(bot.slack, card, 'change.approve', ADMIN);
    const ephemeralsBefore = bot.slack.messages.filter((message) => message.ephemeral).length;

    const first = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();
    const retries = await Promise.all(
      ['1', '2'].map((n) =>
        sendSignedToApp(bot!.appUrl, SIGNING_SECRET, body, {
          headers: { ...RETRY, 'x-slack-retry-num': n },
        }),
      ),
    );
    await bot.bot.drain();

    expect([first.status, ...retries.map((retry) => retry.status)]).toEqual([200, 200, 200]);
    expect(actions(bot, 'StopCdnDomain')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com').status).toBe('offline');
    expect(visibleText(card)).toContain(`done by <@${ADMIN}>`);
    expect(bot.slack.messages.filter((message) => message.ephemeral)).toHaveLength(ephemeralsBefore);
  });

  it('refuses a second, distinct Approve of a decided request through the atomic transition', async () => {
    bot = await startTestBot();
    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = bot.slack.messages.find((message) => !message.ephemeral)!;
    // Its own response_url makes the second a different delivery, as a second click from a stale card would be:
    // only the store's transition can stop it.
    const [firstClick, secondClick] = [1, 2].map(() => clickBody(bot!.slack, card, 'change.approve', ADMIN));
    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, firstClick!);
    await bot.bot.drain();

    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, secondClick!, { headers: RETRY });
    await bot.bot.drain();

    expect(actions(bot, 'StopCdnDomain')).toHaveLength(1);
    const refusal = bot.slack.messages.filter((message) => message.ephemeral).at(-1)!;
    expect(visibleText(refusal)).toMatch(
      /was already (running|done) by <@U0ADMIN001>; nothing more was done/,
    );
  });
});

describe('a delivery Slack sends again after a restart or to another replica', () => {
  it('purges once when Slack retries a /cdn purge after the bot restarted on the same store', async () => {
    bot = await startTestBot({ config: { store: storeFile() } });
    const body = purgeBody(bot);
    const first = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();

    await bot.restart();
    const retry = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body, { headers: RETRY });
    await bot.bot.drain();

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(actions(bot, 'PurgeUrlsCache')).toHaveLength(1);
    expect(bot.slack.messages.filter((message) => !message.ephemeral)).toHaveLength(1);
    expect(
      bot.logs.some(
        (line) =>
          line.includes('"msg":"ignored a repeated Slack delivery"') && line.includes('"seenIn":"store"'),
      ),
    ).toBe(true);
  });

  it('purges once when the retry of a /cdn purge reaches another replica on the same store', async () => {
    bot = await startTestBot({ config: { store: storeFile() } });
    const replica = await bot.startReplica();
    const body = purgeBody(bot);

    const first = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();
    const retry = await sendSignedToApp(
      `http://127.0.0.1:${replica.port}/slack/events`,
      SIGNING_SECRET,
      body,
      {
        headers: RETRY,
      },
    );
    await replica.drain();

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(actions(bot, 'PurgeUrlsCache')).toHaveLength(1);
    expect(bot.slack.messages.filter((message) => !message.ephemeral)).toHaveLength(1);
  });

  it('decides nothing and shows no refusal when Slack retries an Approve click after a restart', async () => {
    bot = await startTestBot({ config: { store: storeFile() } });
    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = bot.slack.messages.find((message) => !message.ephemeral)!;
    const body = clickBody(bot.slack, card, 'change.approve', ADMIN);
    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body);
    await bot.bot.drain();
    const ephemeralsBefore = bot.slack.messages.filter((message) => message.ephemeral).length;

    await bot.restart();
    const retry = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body, { headers: RETRY });
    await bot.bot.drain();

    expect(retry.status).toBe(200);
    expect(actions(bot, 'StopCdnDomain')).toHaveLength(1);
    expect(visibleText(card)).toContain(`done by <@${ADMIN}>`);
    expect(bot.slack.messages.filter((message) => message.ephemeral)).toHaveLength(ephemeralsBefore);
  });

  it('runs nothing and says the store cannot be reached when a delivery cannot be claimed', async () => {
    const healthy = openSqliteStore(':memory:');
    const store: Store = {
      ...healthy,
      deliveries: {
        claim: async () => {
          throw new StoreUnavailableError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432');
        },
        prune: async () => 0,
      },
    };
    bot = await startTestBot({ store });

    const sent = await bot.send('purge https://www.example.com/a.js');

    expect(sent.status).toBe(200);
    expect(bot.tencent.calls).toEqual([]);
    expect(bot.slack.messages.map((message) => [message.ephemeral, message.text])).toEqual([
      [true, STORE_UNAVAILABLE],
    ]);
    expect(bot.logs.some((line) => line.includes('"msg":"store unavailable; the action was refused"'))).toBe(
      true,
    );
  });
});

describe('a lookup Slack sends twice alike', () => {
  it('answers the same type-ahead request both times: asking for options changes nothing', async () => {
    bot = await startTestBot();
    // What Slack sends while someone types `www` in the purge form's domain select, twice over.
    const body = interactionBody({
      type: 'block_suggestion',
      user: { id: OPERATOR, username: 'oper', team_id: 'T0001' },
      team: { id: 'T0001', domain: 'example' },
      api_app_id: 'A0CDNOPS',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'V0PURGE001' },
      action_id: 'value',
      block_id: 'purge_domain',
      value: 'www',
      view: {
        id: 'V0PURGE001',
        type: 'modal',
        hash: '1700000000.abcdef',
        private_metadata: JSON.stringify({ channelId: OPS_CHANNEL }),
        blocks: [],
        state: { values: {} },
      },
    });

    const answers = [];
    for (let i = 0; i < 2; i++) answers.push(await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body));

    const options = answers.map((answer) =>
      (JSON.parse(answer.body) as { options: { value: string }[] }).options.map((option) => option.value),
    );
    expect(options[0]).toContain('www.example.com');
    expect(options[1]).toEqual(options[0]);
  });
});

describe('a body larger than Bolt accepts', () => {
  it('answers HTTP 413 to a signed command over 4 MB and does nothing else', async () => {
    bot = await startTestBot();
    const body = slashCommandBody({
      text: `purge https://www.example.com/a.js ${'https://www.example.com/x.js '.repeat(160_000)}`,
      userId: OPERATOR,
      channelId: OPS_CHANNEL,
      responseUrl: bot.slack.responseUrl(undefined, { channel: OPS_CHANNEL, user: OPERATOR }),
    });
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);

    // Bolt answers before reading the rest; without `connection: close` the half-read socket would hold the
    // server's shutdown for seconds.
    const response = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, body, {
      headers: { connection: 'close' },
    });
    await bot.bot.drain();

    expect(response.status).toBe(413);
    expect(bot.tencent.calls).toEqual([]);
    expect(slackCalls(bot)).toEqual([]);
    expect(bot.logs.some((line) => line.includes('exceeded the maximum allowed size'))).toBe(true);
  });
});

describe('a response_url that expired before a long-lived message changed', () => {
  it('posts the finished purge with chat.postMessage when the message lives behind an expired response_url', async () => {
    bot = await startTestBot();
    await bot.bot.services.follower.stop();
    // The bot is not in the channel, so the submission goes out through the command's response_url.
    bot.slack.failNext('chat.postMessage', 'not_in_channel');
    await bot.send('purge https://www.example.com/a.js');
    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    expect(posted.viaResponseUrl).toBe(true);

    // By the time the tasks end, Slack refuses the URL; the bot has since been invited to the channel.
    bot.slack.failNext('response_url', 'expired_url');
    bot.clock.advance(40 * 60_000);
    bot.bot.services.follower.start();
    await bot.slack.waitFor((calls) =>
      calls.some((call) => call.method === 'chat.postMessage' && call.error === undefined),
    );

    expect(slackCalls(bot)).toEqual(['chat.postMessage', 'response_url', 'response_url', 'chat.postMessage']);
    expect(bot.slack.calls.map((call) => call.error).filter(Boolean)).toEqual([
      'not_in_channel',
      'expired_url',
    ]);
    const final = bot.slack.messages.at(-1)!;
    expect(final).toMatchObject({ channel: OPS_CHANNEL, ephemeral: false, viaResponseUrl: false });
    expect(visibleText(final)).toContain('done');
  });
});
