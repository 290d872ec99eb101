/**
 * `/cdn check` through the real app: a domain whose CNAME or origin points at an internal address (the sandboxes
 * all listen on loopback) must not make cdnops send requests there unless `check.allowNetworks` allows it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot, VIEWER, visibleText } from '../support/start-test-bot.ts';

const HINT = 'cdnops does not check internal addresses unless check.allowNetworks allows them';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** www.example.com served by the edge sandbox (127.0.0.2–5) from the origin sandbox (127.0.0.1), `/app.js` as v1. */
async function startServing(allowNetworks: string[] | null): Promise<TestBot> {
  const test = await startTestBot({ edgeWorld: { allowNetworks } });
  test.world!.serve('www.example.com');
  test.world!.origin.setFile('www.example.com', '/app.js', { body: 'v1', etag: '"v1"' });
  return test;
}

function edgeUrl(test: TestBot, path = '/app.js'): string {
  return `https://www.example.com:${test.world!.edges.httpsPort}${path}`;
}

function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!);
}

describe('/cdn check and internal addresses', () => {
  it('refuses loopback edges by default, naming each address and why, and sends them nothing', async () => {
    bot = await startServing(null);

    await bot.send(`check ${edgeUrl(bot)}`, { user: VIEWER });

    const text = lastText(bot);
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      expect(text).toContain(`edge ${address} of www.example.com is a loopback address; ${HINT}`);
    }
    expect(text).toContain('0 of 4 edges fresh, 4 unknown (edge error: refused an internal address)');
    // No edge is asked, so neither is the origin (it has nothing to be compared with).
    expect(text).toContain('origin: not asked: no edges to compare with');
    expect(bot.world!.edges.connections).toEqual([]);
    expect(bot.world!.edges.requests).toEqual([]);
    expect(bot.world!.origin.requests).toEqual([]);
  });

  it('checks loopback edges and origin when check.allowNetworks covers them', async () => {
    bot = await startServing(['127.0.0.0/29']);

    await bot.send(`check ${edgeUrl(bot)}`, { user: VIEWER });

    expect(lastText(bot)).toContain('all 4 edges fresh');
    expect(new Set(bot.world!.edges.requests.map((request) => request.address))).toEqual(
      new Set(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']),
    );
    expect(bot.world!.origin.requests.map((request) => request.headers['user-agent'])).toContain(
      'cdnops-check/1',
    );
  });

  it('asks only the addresses check.allowNetworks covers: other edges and the origin are refused by name', async () => {
    bot = await startServing(['127.0.0.2/32', '127.0.0.3/32']);

    await bot.send(`check ${edgeUrl(bot)}`, { user: VIEWER });

    const text = lastText(bot);
    expect(text).toContain(`edge 127.0.0.4 of www.example.com is a loopback address; ${HINT}`);
    expect(text).toContain(`edge 127.0.0.5 of www.example.com is a loopback address; ${HINT}`);
    expect(text).toContain(`origin 127.0.0.1 of www.example.com is a loopback address; ${HINT}`);
    expect(new Set(bot.world!.edges.connections.map((connection) => connection.address))).toEqual(
      new Set(['127.0.0.2', '127.0.0.3']),
    );
    // The origin hears only from the edges filling their caches, never from cdnops.
    expect(bot.world!.origin.requests.map((request) => request.headers['user-agent'])).not.toContain(
      'cdnops-check/1',
    );
  });

  it.each([
    [
      'a link-local (cloud metadata) address',
      'http://169.254.169.254/latest/meta-data/',
      '169.254.169.254',
      'a link-local address',
    ],
    [
      'a loopback address outside check.allowNetworks',
      'http://127.0.0.9:8080/admin/delete-everything?confirm=yes',
      '127.0.0.9',
      'a loopback address',
    ],
    ['a private address', 'https://10.1.2.3/internal', '10.1.2.3', 'a private address'],
    [
      'an IPv4-mapped private address',
      'http://[::ffff:192.168.1.1]/x',
      '::ffff:c0a8:101',
      'a private address',
    ],
  ])('refuses a redirect from an allowed edge to %s, naming it', async (_case, location, address, what) => {
    bot = await startServing(['127.0.0.0/29']);
    bot.world!.origin.redirect('www.example.com', '/moved', location, 302);

    await bot.send(`check ${edgeUrl(bot, '/moved')}`, { user: VIEWER });

    const text = lastText(bot);
    const href = new URL(location).href;
    expect(text).toContain(`302 → ${href} (not followed)`);
    expect(text).toContain(`redirected to ${href}, not followed: ${address} is ${what}; ${HINT}`);
    expect(new Set(bot.world!.edges.requests.map((request) => request.path))).toEqual(new Set(['/moved']));
  });
});
