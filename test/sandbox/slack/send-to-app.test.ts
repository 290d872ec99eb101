import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  interactionBody,
  type SlackStandin,
  sendSignedToApp,
  slashCommandBody,
  startSlackStandin,
} from '../../../sandbox/slack/index.ts';

const TOKEN = 'xoxb-roundtrip';
const SECRET = 'roundtrip-signing-secret';

describe('slashCommandBody and interactionBody', () => {
  it('encodes a slash command with the fields Slack sends, in order', () => {
    const body = slashCommandBody({
      text: 'purge https://a.example/x y',
      userId: 'U1',
      channelId: 'C1',
      channelName: 'cdn-ops',
      responseUrl: 'http://127.0.0.1:1/response/r1',
    });

    const fields = [...new URLSearchParams(body)];
    expect(fields.map(([key]) => key)).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(Object.fromEntries(fields)).toMatchObject({
      command: '/cdn',
      text: 'purge https://a.example/x y',
      channel_name: 'cdn-ops',
      is_enterprise_install: 'false',
      response_url: 'http://127.0.0.1:1/response/r1',
    });
    expect(body).toContain('command=%2Fcdn&text=purge+https%3A%2F%2Fa.example%2Fx+y');
  });

  it('wraps an interaction payload as one payload form field', () => {
    const payload = { type: 'block_actions', actions: [{ action_id: 'approve', value: 'req-1' }] };

    const body = interactionBody(payload);

    expect(body.startsWith('payload=')).toBe(true);
    expect(JSON.parse(new URLSearchParams(body).get('payload') ?? '')).toEqual(payload);
  });
});

describe('sending signed requests into a Bolt app', () => {
  let standin: SlackStandin;
  let app: App;
  let appUrl: string;

  beforeEach(async () => {
    standin = await startSlackStandin({ botToken: TOKEN });
    app = new App({
      token: TOKEN,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: standin.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/cdn', async ({ ack, respond, client, command }) => {
      await ack();
      await respond({ text: `echo: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: `in channel: ${command.text}` });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
    await standin.close();
  });

  it('delivers a signed slash command that Bolt accepts and answers through the stand-in', async () => {
    const sent = await standin.sendCommand(appUrl, SECRET, { text: 'hosts', userId: 'U1', channelId: 'C1' });

    await standin.waitFor((_calls, messages) => messages.length === 2);

    expect(sent.status).toBe(200);
    expect(sent.responseKey).toBe('r1');
    expect(standin.calls).toContainEqual(
      expect.objectContaining({ method: 'response_url', responseKey: 'r1' }),
    );
    expect(standin.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: 'echo: hosts', ephemeral: true, user: 'U1', channel: 'C1' }),
        expect.objectContaining({ text: 'in channel: hosts', ephemeral: false, channel: 'C1' }),
      ]),
    );
  });

  it('escapes #channel and @person it knows as Slack does for a command with should_escape, and leaves the rest', async () => {
    standin.knowChannel('C0WEB', 'web-ops');
    standin.knowUser('U0OTTO', 'otto');

    await standin.sendCommand(appUrl, SECRET, {
      text: 'digest add x --channel #web-ops --user @otto @here #nowhere @nobody a#b',
      userId: 'U1',
      channelId: 'C1',
    });
    await standin.waitFor((_calls, messages) => messages.length === 2);

    expect(standin.messages[0]?.text).toBe(
      'echo: digest add x --channel <#C0WEB|web-ops> --user <@U0OTTO|otto> <!here> #nowhere @nobody a#b',
    );
  });

  it('is refused by Bolt when the signature is forged', async () => {
    const body = slashCommandBody({
      text: 'hosts',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: standin.responseUrl(),
    });

    const sent = await sendSignedToApp(appUrl, SECRET, body, { signature: `v0=${'0'.repeat(64)}` });

    expect(sent.status).toBe(401);
    expect(standin.messages).toEqual([]);
  });

  it('is refused by Bolt when the timestamp is more than five minutes old', async () => {
    const body = slashCommandBody({
      text: 'hosts',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: standin.responseUrl(),
    });

    const sent = await sendSignedToApp(appUrl, SECRET, body, {
      timestampSeconds: Date.now() / 1000 - 6 * 60,
    });

    expect(sent.status).toBe(401);
  });
});
