import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../sandbox/slack/index.ts';

/** The worked example from https://docs.slack.dev/authentication/verifying-requests-from-slack */
const SLACK_DOCS_VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
    '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('signSlackRequest', () => {
  it("matches Slack's documented v0 example", () => {
    const { secret, timestamp, body, signature } = SLACK_DOCS_VECTOR;

    const headers = signSlackRequest(secret, body, timestamp);

    expect(headers).toEqual({ 'x-slack-signature': signature, 'x-slack-request-timestamp': '1531420618' });
  });

  it('agrees with an independent HMAC-SHA256 over v0:<timestamp>:<body>', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const expected = createHmac('sha256', 'another-secret').update(`v0:1700000000:${body}`).digest('hex');

    const headers = signSlackRequest('another-secret', body, 1_700_000_000);

    expect(headers['x-slack-signature']).toBe(`v0=${expected}`);
  });

  it('sends whole seconds, dropping any fraction', () => {
    const headers = signSlackRequest('s', '', 1_700_000_000.9);

    expect(headers['x-slack-request-timestamp']).toBe('1700000000');
  });
});
