import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../../../sandbox/slack/index.ts';

/** Posts to a response_url the way Bolt's `respond()` does: JSON, and only the status matters to the caller. */
async function respond(
  url: string,
  message: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  return { status: response.status, body: await response.text() };
}

describe('Slack stand-in response_url', () => {
  let standin: SlackStandin;

  beforeEach(async () => {
    standin = await startSlackStandin({ botToken: 'xoxb-test', now: () => 1_700_000_000_000 });
  });

  afterEach(async () => {
    await standin.close();
  });

  it('posts an ephemeral reply by default, for the user who ran the command', async () => {
    const url = standin.responseUrl(undefined, { channel: 'C1', user: 'U1' });

    const reply = await respond(url, { text: 'Working on it' });

    expect(reply.status).toBe(200);
    expect(standin.messages).toEqual([
      {
        channel: 'C1',
        ts: '1700000000.000000',
        text: 'Working on it',
        blocks: [],
        ephemeral: true,
        user: 'U1',
        edits: 0,
        viaResponseUrl: true,
      },
    ]);
    expect(standin.calls[0]).toMatchObject({ method: 'response_url', responseKey: 'r1' });
  });

  it('posts in the channel when response_type is in_channel', async () => {
    const url = standin.responseUrl('cmd', { channel: 'C1', user: 'U1' });

    await respond(url, { response_type: 'in_channel', text: 'Purge queued' });

    expect(standin.messages[0]).toMatchObject({ ephemeral: false, text: 'Purge queued' });
    expect(standin.messages[0]?.user).toBeUndefined();
    expect(standin.calls[0]?.responseKey).toBe('cmd');
  });

  it('edits the message posted through the same URL when replace_original is set', async () => {
    const url = standin.responseUrl(undefined, { channel: 'C1', user: 'U1' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Done: 2 URLs purged' } }];

    await respond(url, { text: 'Working on it' });
    await respond(url, { replace_original: true, text: 'Done', blocks });

    expect(standin.messages).toHaveLength(1);
    expect(standin.messages[0]).toMatchObject({ text: 'Done', blocks, edits: 1, ephemeral: true });
  });

  it('edits the message an interaction came from when replace_original is set', async () => {
    const card = await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', text: 'Approve purge?' }).toString(),
    }).then((response) => response.json() as Promise<{ ts: string }>);
    const url = standin.responseUrl(undefined, { channel: 'C1', user: 'U2', messageTs: card.ts });

    await respond(url, { replace_original: 'true', text: 'Approved by <@U2>' });

    expect(standin.messages).toEqual([
      expect.objectContaining({ ts: card.ts, text: 'Approved by <@U2>', edits: 1 }),
    ]);
  });

  it('removes the original message on delete_original', async () => {
    const url = standin.responseUrl(undefined, { channel: 'C1', user: 'U1' });
    const kinds: string[] = [];
    standin.onChange((change) => kinds.push(change.kind));

    await respond(url, { text: 'Working on it' });
    await respond(url, { delete_original: true });

    expect(standin.messages).toEqual([]);
    expect(kinds).toEqual(['ephemeral', 'deleted']);
  });

  it('refuses the sixth use of a URL with 404 used_url', async () => {
    const url = standin.responseUrl(undefined, { channel: 'C1', user: 'U1' });
    for (let use = 1; use <= 5; use += 1) {
      expect((await respond(url, { text: `reply ${use}` })).status).toBe(200);
    }

    const sixth = await respond(url, { text: 'reply 6' });

    expect(sixth).toEqual({ status: 404, body: 'used_url' });
    expect(standin.messages).toHaveLength(5);
    expect(standin.calls.at(-1)).toMatchObject({ method: 'response_url', error: 'used_url' });
  });

  it('counts uses per URL', async () => {
    const first = standin.responseUrl();
    const second = standin.responseUrl();
    for (let use = 1; use <= 5; use += 1) await respond(first, { text: 'x' });

    const reply = await respond(second, { text: 'fresh' });

    expect(first).not.toBe(second);
    expect(reply.status).toBe(200);
  });

  it('rejects oversize blocks with HTTP 400 and does not count the use', async () => {
    const url = standin.responseUrl();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));

    const reply = await respond(url, { text: 'digest', blocks });

    expect(reply).toEqual({ status: 400, body: 'invalid_blocks' });
    expect(standin.messages).toEqual([]);
  });

  it('answers 404 for a URL it never handed out', async () => {
    const reply = await respond(`${standin.apiUrl.replace('/api/', '/response/')}nope`, { text: 'x' });

    expect(reply).toEqual({ status: 404, body: 'invalid_url' });
  });

  it('can be told to fail the next response_url post', async () => {
    const url = standin.responseUrl();
    standin.failNext('response_url', 'expired_url');

    const failed = await respond(url, { text: 'late' });
    const next = await respond(url, { text: 'later' });

    expect(failed).toEqual({ status: 404, body: 'expired_url' });
    expect(next.status).toBe(200);
  });
});
