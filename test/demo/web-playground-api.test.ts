/**
 * The web playground's server without a browser: what it serves, what it refuses, and that what the page asks for
 * reaches the running demo's bot and is told to the terminal.
 */
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';

describe('npm run demo: the web playground server', () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  let url = '';
  let running: Promise<void>;

  beforeAll(async () => {
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    const ready = new Promise<string>((resolve) => {
      running = runDemo({
        input,
        output,
        clock: createManualClock(),
        interactive: false,
        settleTimeoutMs: 0,
        web: { port: 0, onReady: resolve },
      });
    });
    url = await ready;
  });

  afterAll(async () => {
    input.end(':quit\n');
    await running;
  });

  const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('prints its URL in the terminal and serves the page as plain files', async () => {
    expect(printed).toContain(`Web playground: ${url}`);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
    const script = await fetch(`${url}blocks.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${url}../package.json`)).status).toBe(404);
  });

  it('runs a command from the page on the same bot and tells the terminal', async () => {
    const answer = await post('command', { as: 'admin', in: 'web-ops', text: '/cdn hosts' });
    expect(await answer.json()).toMatchObject({ ok: true, status: 200 });

    const state = (await (await fetch(`${url}api/state?as=admin&in=web-ops`)).json()) as {
      messages: { text: string; ephemeral: boolean }[];
      timezone: string;
      typed: { text: string }[];
      people: { key: string }[];
      channels: { key: string }[];
    };
    expect(state.people.map((person) => person.key)).toEqual(['viewer', 'operator', 'admin', 'admin2']);
    expect(state.channels.map((channel) => channel.key)).toEqual(['web-ops', 'readers', 'random']);
    expect(state.messages.some((message) => message.ephemeral && message.text.includes('15 domains'))).toBe(
      true,
    );
    expect(printed).toContain('[page] ada (admin) in #web-ops: /cdn hosts');
    expect(state.timezone).toBe('Asia/Shanghai');
    expect(state.typed.map((typed) => typed.text)).toEqual(['/cdn hosts']);
    expect(printed).toContain('15 domains in `tencent-prod`, `wangsu-prod`');

    const someoneElse = (await (await fetch(`${url}api/state?as=viewer&in=web-ops`)).json()) as {
      messages: unknown[];
      typed: unknown[];
    };
    expect(someoneElse.messages).toEqual([]);
    expect(someoneElse.typed).toEqual([]);
  });

  it('offers a /cdn check of the demo sites that runs against the sandbox edges', async () => {
    const state = (await (await fetch(`${url}api/state?as=viewer&in=web-ops`)).json()) as {
      examples: string[];
    };
    const check = state.examples.find((example) => example.startsWith('/cdn check '));
    expect(check).toMatch(/^\/cdn check https:\/\/www\.example\.com:\d+\/app\.js /);

    await post('command', { as: 'viewer', in: 'web-ops', text: check });
    const after = (await (await fetch(`${url}api/state?as=viewer&in=web-ops`)).json()) as {
      messages: { text: string }[];
    };
    expect(after.messages.map((message) => message.text).join('\n')).toContain('all 12 edges fresh');
  });

  it('refuses what the page never sends: unknown people, bad bodies, other content types and hosts', async () => {
    const stranger = await post('command', { as: 'mallory', in: 'web-ops', text: '/cdn hosts' });
    expect(stranger.status).toBe(400);
    expect(((await stranger.json()) as { error: string }).error).toContain('mallory');

    expect((await post('command', { as: 'admin', in: 'web-ops' })).status).toBe(400);
    expect(
      (await post('action', { as: 'admin', in: 'web-ops', on: { message: '1.2' }, element: {} })).status,
    ).toBe(400);
    expect(
      (await post('command', { as: 'admin', in: 'web-ops', text: 'x' }, { 'content-type': 'text/plain' }))
        .status,
    ).toBe(415);
    expect((await post('nothing', {})).status).toBe(404);
    const action = await post('action', {
      as: 'admin',
      in: 'web-ops',
      on: { message: '1.000001' },
      element: { actionId: 'change.approve' },
    });
    expect(action.status).toBe(409);

    // fetch will not send another Host; a page reached through a DNS name pointing here would.
    const rebound = await new Promise<number>((resolve, reject) => {
      const target = new URL(`${url}api/state?as=admin&in=web-ops`);
      request(target, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
  });

  it('nudges open pages over Server-Sent Events when something changes', async () => {
    const controller = new AbortController();
    const events = await fetch(`${url}api/events`, { signal: controller.signal });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const changed = (async () => {
      while (!seen.includes('event: changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value);
      }
    })();

    await post('command', { as: 'operator', in: 'random', text: '/cdn hosts' });
    await changed;
    controller.abort();

    expect(seen).toContain('event: changed');
  });

  it('offers the alert controls, refuses a domain it cannot stage, and fires the rule on a known one', async () => {
    const state = (await (await fetch(`${url}api/state?as=viewer&in=readers`)).json()) as {
      alerts: { domains: string[]; channel: string } | null;
    };
    expect(state.alerts?.channel).toBe('web-ops');
    expect(state.alerts?.domains).toContain('www.example.com');
    expect(state.alerts?.domains).not.toContain('www.example.cn');

    const refused = await post('incident', { domain: 'www.example.cn' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /^The demo stages incidents on its Tencent domains, not www\.example\.cn: www\.example\.com, /,
    );

    const started = await post('incident', { domain: 'static.example.com' });
    expect(await started.json()).toMatchObject({
      ok: true,
      channel: 'web-ops',
      said: expect.stringContaining('static.example.com now answers 12% of its requests with 502'),
    });
    expect(printed).toContain('[page] started a 5xx incident on static.example.com');
    const firing = (await (await fetch(`${url}api/state?as=viewer&in=web-ops`)).json()) as {
      messages: { text: string }[];
    };
    expect(firing.messages.filter((message) => message.text.startsWith('Alert site-errors'))).toHaveLength(1);

    const recovered = await post('recover', { domain: 'static.example.com' });
    expect(await recovered.json()).toMatchObject({
      ok: true,
      said: expect.stringContaining('normally again'),
    });
    const resolved = (await (await fetch(`${url}api/state?as=viewer&in=web-ops`)).json()) as {
      messages: { text: string; replies: { text: string }[] }[];
    };
    const alerts = resolved.messages.filter((message) => message.text.includes('site-errors'));
    expect(alerts.map((message) => message.text)).toEqual([
      'Resolved: site-errors (5xx > 5%) after 15 minutes',
    ]);
    expect(alerts[0]?.replies.map((reply) => reply.text)).toEqual([
      ':white_check_mark: Resolved after 15 minutes: every domain has been back under the threshold for 2 intervals.',
    ]);
  });
});
