import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandin, type StandinChange, startSlackStandin } from '../../../sandbox/slack/index.ts';

const TOKEN = 'xoxb-test';

function post(standin: SlackStandin, method: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${standin.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('Slack stand-in waitFor and onChange', () => {
  let standin: SlackStandin;

  beforeEach(async () => {
    standin = await startSlackStandin({ botToken: TOKEN });
  });

  afterEach(async () => {
    await standin.close();
  });

  it('resolves at once when the condition already holds', async () => {
    await expect(standin.waitFor(() => true)).resolves.toBeUndefined();
  });

  it('resolves when a later call makes the condition true', async () => {
    const waiting = standin.waitFor((_calls, messages) =>
      messages.some((message) => message.text === 'second'),
    );

    await post(standin, 'chat.postMessage', { channel: 'C1', text: 'first' });
    setImmediate(() => void post(standin, 'chat.postMessage', { channel: 'C1', text: 'second' }));

    await expect(waiting).resolves.toBeUndefined();
    expect(standin.messages.map((message) => message.text)).toEqual(['first', 'second']);
  });

  it('times out with the recorded methods in the message', async () => {
    await post(standin, 'auth.test', {});
    await post(standin, 'chat.postMessage', { channel: 'C1', text: 'hello' });
    standin.failNext('chat.update', 'cant_update_message');
    await post(standin, 'chat.update', { channel: 'C1', ts: '1.0', text: 'x' });

    const waiting = standin.waitFor((calls) => calls.some((call) => call.method === 'views.open'), {
      timeoutMs: 50,
    });

    await expect(waiting).rejects.toThrow(
      /within 50 ms\. Recorded calls \(3\): auth\.test, chat\.postMessage, chat\.update \(cant_update_message\)\. Messages \(1\):[\s\S]*"hello"/,
    );
  });

  it('rejects pending waits when the stand-in closes', async () => {
    const waiting = standin.waitFor(() => false, { timeoutMs: 10_000 });

    await standin.close();

    await expect(waiting).rejects.toThrow(/stand-in closed/);
  });

  it('reports each call to listeners with what it changed', async () => {
    const seen: Array<[StandinChange['kind'], string, string | undefined]> = [];
    const stop = standin.onChange((change) =>
      seen.push([change.kind, change.call.method, change.message?.text]),
    );

    const posted = (await (await post(standin, 'chat.postMessage', { channel: 'C1', text: 'a' })).json()) as {
      ts: string;
    };
    await post(standin, 'chat.update', { channel: 'C1', ts: posted.ts, text: 'b' });
    await post(standin, 'chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'c' });
    await post(standin, 'auth.test', {});
    stop();
    await post(standin, 'auth.test', {});

    expect(seen).toEqual([
      ['posted', 'chat.postMessage', 'a'],
      ['updated', 'chat.update', 'b'],
      ['ephemeral', 'chat.postEphemeral', 'c'],
      ['call', 'auth.test', undefined],
    ]);
  });
});
