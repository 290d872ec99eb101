/**
 * What cdnops takes in and sends out is bounded by Slack's own limits: a slash command's text (4,000 characters)
 * is refused beyond that before it is read, and no message leaves with a fallback `text` past 40,000 characters.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { createResponseUrlPoster } from '../../src/messaging/response-url.ts';
import { createSlackMessenger } from '../../src/slack/create-slack-messenger.ts';
import { postEphemeralReply } from '../../src/slack/post-ephemeral-reply.ts';
import { slackRespond } from '../../src/slack/slack-respond.ts';
import {
  OPERATOR,
  OPS_CHANNEL,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await bot?.close();
  bot = undefined;
  for (const close of closers.splice(0)) await close();
});

const answersTo = (test: TestBot, responseKey: string) =>
  test.slack.calls
    .filter((call) => call.method === 'response_url' && call.responseKey === responseKey)
    .map((call) => String(call.body.text));

describe('command text longer than Slack allows', () => {
  it('refuses a 5,000-character command with a clear message, and a command sent beside it is answered', async () => {
    bot = await startTestBot();
    const long = `hostz${'x'.repeat(4_995)}`;
    expect(long).toHaveLength(5_000);

    const [refused, other] = await Promise.all([
      bot.slack.sendCommand(bot.appUrl, SIGNING_SECRET, {
        text: long,
        userId: OPERATOR,
        channelId: OPS_CHANNEL,
      }),
      bot.slack.sendCommand(bot.appUrl, SIGNING_SECRET, {
        text: 'help',
        userId: OPERATOR,
        channelId: OPS_CHANNEL,
      }),
    ]);
    await bot.bot.drain();

    expect([refused.status, other.status]).toEqual([200, 200]);
    const refusal = answersTo(bot, refused.responseKey);
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain('That command is 5,000 characters long; cdnops reads at most 4,000');
    expect(refusal[0]).toContain('Split it into several shorter commands');
    // Nothing of the text is echoed back.
    expect(refusal[0]).not.toContain('xxxxxxxxxx');
    expect(answersTo(bot, other.responseKey).join('\n')).toContain('purge');
  });

  it('echoes at most 60 characters of an unknown word of up to 4,000 characters', async () => {
    bot = await startTestBot();

    const sent = await bot.send(`q${'z'.repeat(3_999)}`);

    const [answer] = answersTo(bot, sent.responseKey);
    expect(answer).toContain('is not a cdnops command');
    expect(answer).not.toContain('z'.repeat(60));
  });
});

/** A local response_url that records what was posted to it. */
async function recordingServer(): Promise<{ url: string; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`, bodies };
}

/** A Web API client that records the arguments of the chat methods cdnops calls. */
function recordingClient(): {
  client: webApi.WebClient;
  calls: { method: string; args: Record<string, unknown> }[];
} {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record = (method: string) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return { ok: true, channel: args.channel, ts: '1.000001' };
  };
  const client = {
    chat: {
      postMessage: record('chat.postMessage'),
      update: record('chat.update'),
      postEphemeral: record('chat.postEphemeral'),
    },
  } as unknown as webApi.WebClient;
  return { client, calls };
}

/** Slack's limit on a message's text, and the marker cdnops ends a cut text with. */
const MAX_MESSAGE_TEXT_CHARS = 40_000;
const TRUNCATED_MARKER = '…(truncated)';

describe('message text longer than Slack takes', () => {
  const long = `${'a'.repeat(45_000)} the end`;
  const expectCut = (text: unknown) => {
    expect(typeof text).toBe('string');
    expect((text as string).length).toBe(MAX_MESSAGE_TEXT_CHARS);
    expect((text as string).endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(text).not.toContain('the end');
  };

  it('is cut to 40,000 characters with a visible marker on every way out: post, update, replace, respond', async () => {
    const { url, bodies } = await recordingServer();
    const { client, calls } = recordingClient();
    const post = createResponseUrlPoster();
    const messenger = createSlackMessenger(client, post, silentLogger);
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'short' } }];

    await messenger.post(OPS_CHANNEL, { text: long, blocks });
    await messenger.update({ channel: OPS_CHANNEL, ts: '1.000001' }, { text: long });
    await messenger.update({ channel: OPS_CHANNEL, ts: undefined, responseUrl: url }, { text: long });
    await messenger.replace(url, { text: long });
    await slackRespond(
      post,
      url,
      client,
      { channelId: OPS_CHANNEL, userId: OPERATOR },
      silentLogger,
    )({ text: long });
    await postEphemeralReply(client, OPS_CHANNEL, OPERATOR)({ text: long });

    expect(calls.map((call) => call.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.postEphemeral',
    ]);
    for (const call of calls) expectCut(call.args.text);
    expect(calls[0]!.args.blocks).toEqual(blocks);
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expectCut(body.text);
  });
});
