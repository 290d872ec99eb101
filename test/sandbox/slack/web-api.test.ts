import { type types, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../../../sandbox/slack/index.ts';

const TOKEN = 'xoxb-standin-test';

/** WebClient logs the stand-in's `[ERROR]` block problems; the tests assert on them instead. */
const silent: webApi.Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName() {},
};

function clientFor(standin: SlackStandin, token: string = TOKEN): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: standin.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silent,
  });
}

function sections(count: number): types.SectionBlock[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `row ${index}` },
  }));
}

describe('Slack stand-in Web API', () => {
  let standin: SlackStandin;

  beforeEach(async () => {
    standin = await startSlackStandin({
      botToken: TOKEN,
      usergroups: { S0OPS: ['U1', 'U2'] },
      now: () => 1_700_000_000_000,
    });
  });

  afterEach(async () => {
    await standin.close();
  });

  it('answers auth.test as the bot user', async () => {
    const result = await clientFor(standin).auth.test();

    expect(result).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' });
  });

  it('posts a message and edits it in place with chat.update', async () => {
    const client = clientFor(standin);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Purging* 2 URLs' } }];

    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Purging', blocks });
    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'Purged' });

    expect(posted).toMatchObject({ ok: true, channel: 'C1', ts: '1700000000.000000' });
    expect(standin.messages).toEqual([
      {
        channel: 'C1',
        ts: '1700000000.000000',
        text: 'Purged',
        blocks,
        ephemeral: false,
        edits: 1,
        viaResponseUrl: false,
      },
    ]);
    expect(standin.calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(standin.calls[0]?.body.blocks).toEqual(blocks);
  });

  it('gives each message a later ts even when the clock stands still', async () => {
    const client = clientFor(standin);

    const first = await client.chat.postMessage({ channel: 'C1', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'two', thread_ts: first.ts! });

    expect(second.ts).toBe('1700000000.000100');
    expect(standin.messages[1]).toMatchObject({ threadTs: first.ts, text: 'two' });
  });

  it('refuses chat.update for a ts it never posted', async () => {
    const update = clientFor(standin).chat.update({ channel: 'C1', ts: '1.000000', text: 'x' });

    await expect(update).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('refuses a wrong token with invalid_auth, surfaced by WebClient as a platform error', async () => {
    const post = clientFor(standin, 'xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'hi' });

    await expect(post).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(standin.messages).toEqual([]);
    expect(standin.calls[0]).toMatchObject({ method: 'chat.postMessage', error: 'invalid_auth' });
  });

  it('accepts the token as a form field instead of a header', async () => {
    const response = await fetch(`${standin.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    });

    expect(await response.json()).toMatchObject({ ok: true, user_id: 'UBOT' });
  });

  it('accepts JSON bodies', async () => {
    const response = await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: 'C2', text: 'json', blocks: sections(1) }),
    });

    expect(await response.json()).toMatchObject({ ok: true, channel: 'C2' });
    expect(standin.messages[0]).toMatchObject({ channel: 'C2', text: 'json', blocks: sections(1) });
  });

  it('answers unknown_method for methods it does not play', async () => {
    const call = clientFor(standin).apiCall('admin.teams.list');

    await expect(call).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('rejects a message with 51 blocks as invalid_blocks', async () => {
    const post = clientFor(standin).chat.postMessage({
      channel: 'C1',
      text: 'too many',
      blocks: sections(51),
    });

    await expect(post).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(standin.messages).toEqual([]);
  });

  it('accepts exactly 50 blocks', async () => {
    const posted = await clientFor(standin).chat.postMessage({
      channel: 'C1',
      text: 'ok',
      blocks: sections(50),
    });

    expect(posted.ok).toBe(true);
  });

  it('rejects a section text over 3000 characters, on post and on update', async () => {
    const client = clientFor(standin);
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'ok' });

    await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: long })).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        errors: ['/blocks/0/text: 3001 characters, no more than 3000 allowed'],
      },
    });
    await expect(client.chat.update({ channel: 'C1', ts: posted.ts!, blocks: long })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(standin.messages[0]?.edits).toBe(0);
  });

  it('lists the members of a user group and refuses an unknown one', async () => {
    const client = clientFor(standin);

    const members = await client.usergroups.users.list({ usergroup: 'S0OPS' });

    expect(members.users).toEqual(['U1', 'U2']);
    await expect(client.usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
  });

  it('posts ephemerals visible to one user', async () => {
    const result = await clientFor(standin).chat.postEphemeral({
      channel: 'C1',
      user: 'U1',
      text: 'only you',
    });

    expect(result.message_ts).toBe(standin.messages[0]?.ts);
    expect(standin.messages[0]).toMatchObject({ ephemeral: true, user: 'U1', text: 'only you' });
  });

  it('fails the next call to a method with a planned error, then recovers', async () => {
    const client = clientFor(standin);
    standin.failNext('chat.postMessage', 'not_in_channel');

    await expect(client.chat.postMessage({ channel: 'C9', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(client.chat.postMessage({ channel: 'C9', text: 'hi' })).resolves.toMatchObject({ ok: true });
  });

  it('answers a planned ratelimited with HTTP 429 and Retry-After', async () => {
    standin.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 7 });

    const post = clientFor(standin).chat.postMessage({ channel: 'C1', text: 'hi' });

    await expect(post).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(standin.calls[0]).toMatchObject({ method: 'chat.postMessage', error: 'ratelimited' });
  });

  it('opens and updates views, returning a view id', async () => {
    const client = clientFor(standin);
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Purge' },
      blocks: [],
    };

    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    const updated = await client.views.update({ view_id: opened.view!.id!, view });

    expect(opened.view).toMatchObject({ id: 'V1', type: 'modal', title: { text: 'Purge' } });
    expect(updated.view?.id).toBe('V1');
    expect(standin.calls.map((call) => call.body.view)).toEqual([view, view]);
  });

  it('describes a channel minimally', async () => {
    const info = await clientFor(standin).conversations.info({ channel: 'C1' });

    expect(info.channel).toMatchObject({ id: 'C1', is_channel: true, is_member: true });
  });
});
