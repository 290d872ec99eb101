import { afterEach, describe, expect, it } from 'vitest';
import { sendSignedToApp, signSlackRequest, slashCommandBody } from '../../sandbox/slack/index.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { HEALTH_STORE_TIMEOUT_MS } from '../../src/slack/store-health.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** A `/cdn hosts` body with a real response_url, so a request that wrongly got through would leave traces. */
function hostsBody(test: TestBot): string {
  return slashCommandBody({
    text: 'hosts',
    userId: OPERATOR,
    channelId: OPS_CHANNEL,
    responseUrl: test.slack.responseUrl(undefined, { channel: OPS_CHANNEL, user: OPERATOR }),
  });
}

/** Everything Slack saw apart from the `auth.test` Bolt makes at start-up. */
function slackCallsAfterStartup(test: TestBot): string[] {
  return test.slack.calls.map((call) => call.method).filter((method) => method !== 'auth.test');
}

const nowSeconds = () => Date.now() / 1000;

describe('POST /slack/events', () => {
  it.each([
    [
      'signed with the wrong secret',
      (url: string, body: string) => sendSignedToApp(url, 'not-the-signing-secret-0000000000', body),
    ],
    [
      'signed more than five minutes ago',
      (url: string, body: string) =>
        sendSignedToApp(url, SIGNING_SECRET, body, { timestampSeconds: nowSeconds() - 6 * 60 }),
    ],
    [
      'signed for more than five minutes ahead (400 s)',
      (url: string, body: string) =>
        sendSignedToApp(url, SIGNING_SECRET, body, { timestampSeconds: nowSeconds() + 400 }),
    ],
    [
      'carrying a made-up signature',
      (url: string, body: string) =>
        sendSignedToApp(url, SIGNING_SECRET, body, { signature: `v0=${'0'.repeat(64)}` }),
    ],
    [
      'without a signature',
      async (url: string, body: string) => {
        const { 'x-slack-request-timestamp': timestamp } = signSlackRequest(
          SIGNING_SECRET,
          body,
          nowSeconds(),
        );
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': timestamp,
          },
          body,
        });
        return { status: response.status, body: await response.text() };
      },
    ],
  ])('refuses a command %s with HTTP 401 and does nothing', async (_case, post) => {
    bot = await startTestBot();

    const response = await post(bot.appUrl, hostsBody(bot));
    await bot.bot.drain();

    expect(response.status).toBe(401);
    expect(bot.tencent.calls).toEqual([]);
    expect(slackCallsAfterStartup(bot)).toEqual([]);
    expect(bot.slack.messages).toEqual([]);
  });

  it('accepts a command stamped 200 s ahead, within the 5-minute window, and answers it', async () => {
    bot = await startTestBot();

    const response = await sendSignedToApp(bot.appUrl, SIGNING_SECRET, hostsBody(bot), {
      timestampSeconds: nowSeconds() + 200,
    });
    await bot.bot.drain();

    expect(response.status).toBe(200);
    expect(bot.tencent.calls.map((call) => call.action)).toEqual(['DescribeDomains']);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('*4 domains*');
  });

  it('says in the log why a request stamped too far ahead was refused', async () => {
    bot = await startTestBot();

    await sendSignedToApp(bot.appUrl, SIGNING_SECRET, hostsBody(bot), {
      timestampSeconds: nowSeconds() + 400,
    });

    expect(
      bot.logs.filter((line) => line.includes('"msg":"refused a Slack request stamped too far from now"')),
    ).toEqual([expect.stringMatching(/"skewSeconds":(399|400|401)\b/)]);
  });

  it('acknowledges a signed command before the provider has answered, then delivers the answer', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'DescribeDomains', kind: 'slow', delayMs: 1500 });

    // The one real-time wait in this suite: the sandbox really takes 1.5 s, and the ack must not wait for it.
    const ack = await bot.slack.sendCommand(bot.appUrl, SIGNING_SECRET, {
      text: 'hosts',
      userId: OPERATOR,
      channelId: OPS_CHANNEL,
    });

    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1500);
    expect(bot.slack.messages).toEqual([]);
    await bot.bot.drain();
    expect(bot.tencent.calls.map((call) => call.action)).toEqual(['DescribeDomains']);
    expect(bot.slack.calls.find((call) => call.method === 'response_url')?.responseKey).toBe(ack.responseKey);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('*4 domains*');
  });
});

/** The in-memory store with a `ping` the test decides: answering, failing, or never answering. */
function storeWithPing(ping: () => Promise<void>): Store {
  const store = openSqliteStore(':memory:');
  return { ...store, ping };
}

describe('GET /healthz and GET /readyz', () => {
  it('/healthz answers 200 {"ok":true} as JSON, and /readyz says Slack and the store are ready', async () => {
    bot = await startTestBot();

    const health = await fetch(new URL('/healthz', bot.appUrl));
    const ready = await fetch(new URL('/readyz', bot.appUrl));

    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
    expect(await health.json()).toEqual({ ok: true });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, slack: 'connected', store: 'ok' });
  });

  it('while the store fails, /healthz stays 200 (alive, no restart) and /readyz answers 503 until it answers again', async () => {
    let down = true;
    bot = await startTestBot({
      store: storeWithPing(async () => {
        if (down) throw new StoreUnavailableError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432');
      }),
    });

    const aliveDuring = await fetch(new URL('/healthz', bot.appUrl));
    const during = await fetch(new URL('/readyz', bot.appUrl));
    down = false;
    const after = await fetch(new URL('/readyz', bot.appUrl));

    expect(aliveDuring.status).toBe(200);
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toBe('application/json');
    expect(await during.json()).toMatchObject({ ok: false, slack: 'connected', store: 'unavailable' });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ok: true, slack: 'connected', store: 'ok' });
    // Said once when it went down and once when it came back, not on every poll.
    expect(bot.logs.filter((line) => line.includes('health check: the store'))).toEqual([
      expect.stringContaining('"msg":"health check: the store is unavailable"'),
      expect.stringContaining('"msg":"health check: the store answers again"'),
    ]);
  });

  it('/readyz answers 503 within about a second when the store does not answer at all, asking it once for requests at once', async () => {
    let pings = 0;
    const never = new Promise<void>(() => {});
    bot = await startTestBot({
      store: storeWithPing(() => {
        pings += 1;
        return never;
      }),
    });

    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => fetch(new URL('/readyz', bot!.appUrl))),
    );
    const ms = Date.now() - started;
    const alive = await fetch(new URL('/healthz', bot.appUrl));

    expect(responses.map((response) => response.status)).toEqual([503, 503, 503, 503, 503]);
    expect(ms).toBeGreaterThanOrEqual(HEALTH_STORE_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(HEALTH_STORE_TIMEOUT_MS + 1_500);
    expect(pings).toBe(1);
    expect(alive.status).toBe(200);
  });
});

describe('/cdn answers', () => {
  it('suggests the closest command for a typo and sends nothing to the provider', async () => {
    bot = await startTestBot();

    await bot.send('purg https://www.example.com/a.js');

    expect(bot.tencent.calls).toEqual([]);
    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain('`purg` is not a cdnops command. Did you mean `purge`?');
  });

  it.each(['used_url', 'expired_url'])(
    'still reaches the user through chat.postEphemeral when Slack refuses the response_url (%s)',
    async (refusal) => {
      bot = await startTestBot();
      bot.slack.failNext('response_url', refusal);

      await bot.send('quota');

      expect(bot.slack.calls.map((call) => [call.method, call.error])).toEqual([
        ['auth.test', undefined],
        ['response_url', refusal],
        ['chat.postEphemeral', undefined],
      ]);
      const reply = bot.slack.messages.at(-1)!;
      expect(reply).toMatchObject({
        channel: OPS_CHANNEL,
        user: OPERATOR,
        ephemeral: true,
        viaResponseUrl: false,
      });
      expect(visibleText(reply)).toContain('URL purge · mainland: *10,000* of 10,000 left');
    },
  );
});
