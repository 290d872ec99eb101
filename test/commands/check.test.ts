import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/index.ts';
import {
  clickButton,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** The edges cannot listen on 443, so URLs name the edge sandbox's HTTPS port (a port purges accept too). */
function edgeUrl(test: TestBot, path = '/app.js', host = 'www.example.com'): string {
  return `https://${host}:${test.world!.edges.httpsPort}${path}`;
}

/** A bot whose www.example.com is served by the edge sandbox from the origin sandbox, serving `/app.js` as v1. */
async function startServing(options: Parameters<typeof startTestBot>[0] = {}): Promise<TestBot> {
  const test = await startTestBot({ edgeWorld: {}, ...options });
  test.world!.serve('www.example.com');
  test.world!.origin.setFile('www.example.com', '/app.js', { body: 'v1', etag: '"v1"' });
  return test;
}

function lastReply(test: TestBot): StandinMessage {
  return test.slack.messages.at(-1)!;
}

/** Purge results the bot posted in the channel, oldest first. */
function results(test: TestBot): StandinMessage[] {
  return test.slack.messages.filter((message) => !message.ephemeral && message.channel === OPS_CHANNEL);
}

function buttonIds(message: StandinMessage): string[] {
  return (message.blocks as { type: string; elements?: { action_id: string }[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements ?? []).map((element) => element.action_id));
}

/** Nothing was asked of DNS, the edges or the origin. */
function nothingFetched(test: TestBot): void {
  expect(test.world!.dns.queries).toEqual([]);
  expect(test.world!.edges.requests).toEqual([]);
  expect(test.world!.origin.requests).toEqual([]);
}

describe('/cdn check', () => {
  it('shows edges stale after the origin changed, and fresh once the purge task completes', async () => {
    bot = await startServing();
    const url = edgeUrl(bot);
    await bot.send(`check ${url}`, { user: VIEWER });
    expect(visibleText(lastReply(bot))).toContain('all 4 edges fresh');
    bot.world!.origin.setFile('www.example.com', '/app.js', { body: 'v2', etag: '"v2"' });

    await bot.send(`check ${url}`, { user: VIEWER });

    const stale = lastReply(bot);
    expect(stale.ephemeral).toBe(true);
    const staleText = visibleText(stale);
    expect(staleText).toContain(':warning: *CDN check* of 1 URL: 4 stale edges on 1 URL, 0 of 4 edges fresh');
    expect(staleText).toContain('0 of 4 edges fresh, 4 stale (ETag "v1" vs origin "v2")');
    expect(staleText).toContain('• 127.0.0.2 · 200 · HIT (MemCache)');
    expect(staleText).toMatch(
      /origin origin\.www\.example\.com:\d+ \(127\.0\.0\.1\) \(Host www\.example\.com\) · 200 · ETag "v2"/,
    );
    expect(bot.world!.dns.queries).toContainEqual({ name: 'www.example.com.cdn.dnsv1.com', type: 'A' });

    await bot.send(`purge ${url}`);
    const purge = results(bot)[0]!;
    await bot.slack.waitFor(() => visibleText(purge).includes('done'));
    await bot.send(`check ${url}`, { user: VIEWER });

    const fresh = visibleText(lastReply(bot));
    expect(fresh).toContain(':white_check_mark: *CDN check* of 1 URL: all 4 edges fresh');
    expect(fresh).toContain('fresh: ETag matches');
    expect(fresh).not.toContain('stale');
  });

  it('reports an edge that does not answer as timed out within the bound, and shows the others', async () => {
    bot = await startServing();
    bot.world!.edges.slow('127.0.0.3', 'hang');
    const started = performance.now();

    await bot.send(`check ${edgeUrl(bot)}`);

    // check.timeout is 3s in the test bot; a whole check is bounded by three times that.
    expect(performance.now() - started).toBeLessThan(9_000);
    const text = visibleText(lastReply(bot));
    expect(text).toContain('3 of 4 edges fresh, 1 timed out (127.0.0.3)');
    expect(text).toMatch(/• 127\.0\.0\.3 · timeout: no answer within 3000 ms · \d+(\.\d)? (ms|s) → unknown/);
    expect(text).toMatch(/• 127\.0\.0\.5 · 200 · [^\n]*→ fresh: ETag matches/);
  });

  it('does not follow a redirect to another host', async () => {
    bot = await startServing();
    bot.world!.origin.redirect('www.example.com', '/moved', 'https://elsewhere.example.org/new', 301);

    await bot.send(`check ${edgeUrl(bot, '/moved')}`);

    const text = visibleText(lastReply(bot));
    expect(text).toContain('301 → https://elsewhere.example.org/new (not followed)');
    expect(text).toContain('fresh: both redirect to https://elsewhere.example.org/new');
    expect(bot.world!.dns.queries.map((query) => query.name)).not.toContain('elsewhere.example.org');
    expect(new Set(bot.world!.edges.requests.map((request) => request.path))).toEqual(new Set(['/moved']));
  });

  it('asks only as many edges as --edges says', async () => {
    bot = await startServing();

    await bot.send(`check ${edgeUrl(bot)} --edges 2`);

    expect(visibleText(lastReply(bot))).toContain('all 2 edges fresh');
    expect(new Set(bot.world!.edges.requests.map((request) => request.address))).toEqual(
      new Set(['127.0.0.2', '127.0.0.3']),
    );
  });

  it('refuses a URL on a domain no account of the channel serves, by name, with nothing fetched', async () => {
    bot = await startServing();

    await bot.send(`check ${edgeUrl(bot)} https://unknown.example.org/a.js`);

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(
      'Nothing was checked: `unknown.example.org` is not served by any account this channel may use.',
    );
    nothingFetched(bot);
  });

  it('refuses a domain of an account the channel may not touch, with nothing fetched', async () => {
    const cnOnly = 'C0CNONLY01';
    bot = await startServing({
      wangsu: {},
      config: {
        channels: {
          [OPS_CHANNEL]: { role: 'admin' },
          [cnOnly]: { role: 'viewer', providers: ['wangsu-prod'] },
        },
      },
    });

    await bot.send(`check ${edgeUrl(bot)}`, { channel: cnOnly });

    expect(visibleText(lastReply(bot))).toContain(
      '`www.example.com` is not served by any account this channel may use.',
    );
    nothingFetched(bot);
    expect(bot.tencent.calls.filter((call) => call.action === 'DescribeDomainsConfig')).toEqual([]);
  });

  it.each([
    [
      'a URL that is not http(s)',
      'check ftp://www.example.com/a.js',
      'This is not an http(s) URL: `ftp://www.example.com/a.js`. Nothing was checked.',
    ],
    [
      'a word that is not a URL',
      'check www.example.com/a.js',
      'This is not an http(s) URL: `www.example.com/a.js`.',
    ],
    ['no URL at all', 'check', 'Give at least one URL to check'],
    [
      'too many edges',
      'check https://www.example.com/a.js --edges 17',
      '--edges takes a whole number from 1 to 16',
    ],
    [
      'a number of edges that is not one',
      'check https://www.example.com/a.js --edges many',
      '--edges takes a whole number from 1 to 16',
    ],
    [
      'more than 20 URLs',
      `check ${Array.from({ length: 21 }, (_, index) => `https://www.example.com/${index}.js`).join(' ')}`,
      'At most 20 URLs can be checked at a time; you gave 21. Nothing was checked.',
    ],
  ])('refuses %s with a usage message, with nothing fetched', async (_case, text, message) => {
    bot = await startServing();

    await bot.send(text);

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(message);
    nothingFetched(bot);
  });

  it('says when the CNAME does not resolve, and asks no origin then', async () => {
    bot = await startServing();
    bot.world!.dns.removeRecord('www.example.com.cdn.dnsv1.com');

    await bot.send(`check ${edgeUrl(bot)}`);

    const text = visibleText(lastReply(bot));
    expect(text).toContain('no edges to check: www.example.com.cdn.dnsv1.com does not exist (NXDOMAIN)');
    expect(text).toContain('origin: not asked: no edges to compare with');
    expect(bot.world!.origin.requests).toEqual([]);
  });

  it('checks a Wangsu domain, reading its cache status from X-Via', async () => {
    bot = await startTestBot({ wangsu: {}, edgeWorld: {} });
    bot.world!.serve('cdn.example.cn');
    bot.world!.origin.setFile('cdn.example.cn', '/logo.png', { body: 'png', etag: '"p1"' });
    const url = edgeUrl(bot, '/logo.png', 'cdn.example.cn');
    await bot.send(`check ${url}`);

    await bot.send(`check ${url}`);

    const text = visibleText(lastReply(bot));
    expect(text).toContain('all 4 edges fresh');
    expect(text).toMatch(/• 127\.0\.0\.2 · 200 · HIT · Age \d+ · ETag "p1"/);
    expect(bot.world!.dns.queries).toContainEqual({ name: 'cdn.example.cn.wscdns.com', type: 'A' });
    expect(bot.world!.origin.requests.some((request) => request.host === 'cdn.example.cn')).toBe(true);
  });
});

describe('checking the edges after a purge', () => {
  it('edits the result of a purge --verify with the verdicts once the task is done', async () => {
    bot = await startServing();
    const url = edgeUrl(bot);
    await bot.send(`check ${url}`);
    bot.world!.origin.setFile('www.example.com', '/app.js', { body: 'v2', etag: '"v2"' });

    await bot.send(`purge ${url} --verify`);

    const result = results(bot)[0]!;
    expect(visibleText(result)).toContain('and then the edges are checked');
    await bot.slack.waitFor(() => visibleText(result).includes('CDN check'));
    const text = visibleText(result);
    expect(text).toContain(':white_check_mark: *Purge* of 1 URL requested by');
    expect(text).toContain('*CDN check* of 1 URL: all 4 edges fresh');
    expect(text).not.toContain('Checking the edges');
    expect(result.text).toContain('Purge: done. CDN check of 1 URL: all 4 edges fresh');
    expect(buttonIds(result)).toEqual(['purge.prefetch', 'purge.again', 'purge.check']);
  });

  it('calls out stale edges at the top when the purge did not take', async () => {
    bot = await startServing();
    const url = edgeUrl(bot);
    await bot.send(`check ${url}`);
    bot.world!.origin.setFile('www.example.com', '/app.js', { body: 'v2', etag: '"v2"' });
    bot.tencent.failUrl(url);

    await bot.send(`purge ${url} --verify`);

    const result = results(bot)[0]!;
    await bot.slack.waitFor(() => visibleText(result).includes('CDN check'));
    const [first] = result.blocks as { text?: { text: string } }[];
    expect(first?.text?.text).toContain(':warning: *Stale edges*');
    expect(first?.text?.text).toContain(`127.0.0.2: ETag "v1" vs origin "v2"`);
    expect(visibleText(result)).toContain('finished with 1 failure');
  });

  it('refuses --verify on a directory purge and purges nothing', async () => {
    bot = await startServing();

    await bot.send('purge --dir https://www.example.com/static/ --verify');

    expect(visibleText(lastReply(bot))).toContain('--verify checks URLs, and a directory is not one');
    expect(bot.tencent.calls.filter((call) => call.action === 'PurgePathCache')).toEqual([]);
  });

  it('offers "Check edges" once a purge finished, and checks its URLs for whoever clicks', async () => {
    bot = await startServing();
    const url = edgeUrl(bot);
    await bot.send(`purge ${url}`);
    const result = results(bot)[0]!;
    await bot.slack.waitFor(() => visibleText(result).includes('done'));
    expect(buttonIds(result)).toEqual(['purge.prefetch', 'purge.again', 'purge.check']);

    await clickButton(bot, result, 'purge.check', VIEWER);

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(reply.user).toBe(VIEWER);
    expect(visibleText(reply)).toContain('*CDN check* of 1 URL: all 4 edges fresh');
    expect(results(bot)).toHaveLength(1);
  });
});
