import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EdgeSandbox, startEdgeSandbox } from '../../../sandbox/edge/index.ts';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import { type OriginSandbox, startOriginSandbox } from '../../../sandbox/origin/index.ts';
import { type SentRequest, send } from './http-client.ts';

describe('edge sandbox caching', () => {
  let clock: ManualClock;
  let origin: OriginSandbox;
  let edge: EdgeSandbox;
  /** Completed purges by URL, standing in for a provider sandbox's lastPurgeDoneAt. */
  let purges: Map<string, number>;
  let asked: string[];

  beforeEach(async () => {
    clock = createManualClock();
    purges = new Map();
    asked = [];
    origin = await startOriginSandbox({ clock });
    edge = await startEdgeSandbox({
      edges: 3,
      clock,
      origin: (host) => {
        if (host === 'cdn.example.com') return { url: origin.url, hostHeader: 'origin.example.com' };
        if (host === 'down.example.com') return { url: 'http://127.0.0.1:1', hostHeader: host };
        return host.endsWith('.example.com') || host.endsWith('.example.cn')
          ? { url: origin.url, hostHeader: host }
          : undefined;
      },
      style: (host) => (host.endsWith('.cn') ? 'wangsu' : 'tencent'),
      purgedAt: (url) => {
        asked.push(url);
        return purges.get(url.replace(/^https?:\/\//, ''));
      },
    });
  });

  afterEach(async () => {
    await edge.close();
    await origin.close();
  });

  function get(edgeIndex: number, host: string, path: string, more: Partial<SentRequest> = {}) {
    return send({ address: edge.addresses[edgeIndex]!, port: edge.httpPort, host, path, ...more });
  }

  it('puts each edge on its own loopback address, all on the same two ports', async () => {
    origin.setFile('www.example.com', '/', { body: 'home' });

    const answers = await Promise.all(edge.addresses.map((_, i) => get(i, 'www.example.com', '/')));

    expect(edge.addresses).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(edge.httpPort).toBeGreaterThan(0);
    expect(edge.httpsPort).toBeGreaterThan(0);
    expect(edge.httpsPort).not.toBe(edge.httpPort);
    expect(answers.map((answer) => answer.body)).toEqual(['home', 'home', 'home']);
    expect(new Set(edge.requests.map((request) => request.address))).toEqual(new Set(edge.addresses));
  });

  it('keeps serving its stale copy after the origin changes, until a purge completes', async () => {
    origin.setFile('www.example.com', '/app.js', { body: 'v1', etag: '"v1"' });
    const first = await get(0, 'www.example.com', '/app.js');
    origin.setFile('www.example.com', '/app.js', { body: 'v2', etag: '"v2"' });
    clock.advance(30_000);
    const stale = await get(0, 'www.example.com', '/app.js');
    clock.advance(60_000);
    purges.set('www.example.com/app.js', clock.now());
    const fresh = await get(0, 'www.example.com', '/app.js');
    clock.advance(5_000);
    const cachedAgain = await get(0, 'www.example.com', '/app.js');

    expect([first.body, first.headers['x-cache-lookup'], first.headers.age]).toEqual([
      'v1',
      'Cache Miss',
      undefined,
    ]);
    expect([stale.body, stale.headers.etag, stale.headers['x-cache-lookup'], stale.headers.age]).toEqual([
      'v1',
      '"v1"',
      'Hit From MemCache',
      '30',
    ]);
    expect([fresh.body, fresh.headers.etag, fresh.headers['x-cache-lookup']]).toEqual([
      'v2',
      '"v2"',
      'Cache Miss',
    ]);
    expect([cachedAgain.body, cachedAgain.headers.age]).toEqual(['v2', '5']);
    expect(origin.requests.map((request) => request.path)).toEqual(['/app.js', '/app.js']);
    expect(asked).toContain('http://www.example.com/app.js');
  });

  it('ignores a purge that completed before its copy was fetched', async () => {
    purges.set('www.example.com/app.js', clock.now() - 1_000);
    origin.setFile('www.example.com', '/app.js', { body: 'v1' });

    await get(0, 'www.example.com', '/app.js');
    const second = await get(0, 'www.example.com', '/app.js');

    expect(second.headers['x-cache-lookup']).toBe('Hit From MemCache');
    expect(origin.requests).toHaveLength(1);
  });

  it('keeps a cache per edge, so edges can disagree', async () => {
    origin.setFile('www.example.com', '/app.js', { body: 'v1' });
    await get(0, 'www.example.com', '/app.js');
    origin.setFile('www.example.com', '/app.js', { body: 'v2' });

    const edge1 = await get(1, 'www.example.com', '/app.js');
    const edge0 = await get(0, 'www.example.com', '/app.js');
    const edge1Again = await get(1, 'www.example.com', '/app.js');

    expect([edge1.body, edge1.headers['x-cache-lookup']]).toEqual(['v2', 'Cache Miss']);
    expect([edge0.body, edge0.headers['x-cache-lookup']]).toEqual(['v1', 'Hit From MemCache']);
    expect([edge1Again.body, edge1Again.headers['x-cache-lookup']]).toEqual(['v2', 'Hit From Disktank']);
  });

  it('keys the cache by host, path and query, ignoring the port in Host', async () => {
    origin.setFile('www.example.com', '/app.js', { body: 'any' });
    origin.setFile('www.example.com', '/app.js?v=2', { body: 'two' });

    await get(0, 'www.example.com', '/app.js?v=1');
    const port = await get(0, 'www.example.com:8080', '/app.js?v=1');
    const otherQuery = await get(0, 'www.example.com', '/app.js?v=2');

    expect(port.headers['x-cache-lookup']).toBe('Hit From MemCache');
    expect([otherQuery.body, otherQuery.headers['x-cache-lookup']]).toEqual(['two', 'Cache Miss']);
  });

  it('fetches from the origin with the configured origin host header, by GET even for HEAD', async () => {
    origin.setFile('origin.example.com', '/logo.png', { body: 'png', contentType: 'image/png' });
    origin.refuseHead('origin.example.com', '/logo.png');

    const head = await get(2, 'cdn.example.com', '/logo.png', { method: 'HEAD' });

    expect([head.status, head.body, head.headers['content-length'], head.headers['content-type']]).toEqual([
      200,
      '',
      '3',
      'image/png',
    ]);
    expect(origin.requests).toEqual([expect.objectContaining({ method: 'GET', host: 'origin.example.com' })]);
  });

  it('answers HEAD and a byte range from a cached copy', async () => {
    origin.setFile('www.example.com', '/big.bin', { body: 'abcdef', etag: '"b1"' });
    await get(0, 'www.example.com', '/big.bin');

    const head = await get(0, 'www.example.com', '/big.bin', { method: 'HEAD' });
    const range = await get(0, 'www.example.com', '/big.bin', { headers: { range: 'bytes=0-0' } });
    const conditional = await get(0, 'www.example.com', '/big.bin', { headers: { 'if-none-match': '"b1"' } });

    expect([head.status, head.body, head.headers.etag, head.headers['x-cache-lookup']]).toEqual([
      200,
      '',
      '"b1"',
      'Hit From MemCache',
    ]);
    expect([range.status, range.body, range.headers['content-range']]).toEqual([206, 'a', 'bytes 0-0/6']);
    expect(conditional.status).toBe(304);
    expect(origin.requests).toHaveLength(1);
  });

  it('passes redirects and 404s on without caching them', async () => {
    origin.redirect('www.example.com', '/old', 'https://www.example.com/new', 301);

    const first = await get(0, 'www.example.com', '/old');
    const second = await get(0, 'www.example.com', '/old');
    const missing = await get(0, 'www.example.com', '/missing.js');
    const missingAgain = await get(0, 'www.example.com', '/missing.js');

    expect([first.status, first.headers.location, first.headers['x-cache-lookup']]).toEqual([
      301,
      'https://www.example.com/new',
      'Cache Miss',
    ]);
    expect([second.status, second.headers['x-cache-lookup']]).toEqual([301, 'Cache Miss']);
    expect([missing.status, missingAgain.status]).toEqual([404, 404]);
    expect(origin.requests).toHaveLength(4);
  });

  it('drops a purged copy when the origin no longer has the file', async () => {
    origin.setFile('www.example.com', '/gone.js', { body: 'v1' });
    await get(0, 'www.example.com', '/gone.js');
    origin.removeFile('www.example.com', '/gone.js');
    clock.advance(1_000);
    purges.set('www.example.com/gone.js', clock.now());
    const purged = await get(0, 'www.example.com', '/gone.js');
    purges.delete('www.example.com/gone.js');
    const after = await get(0, 'www.example.com', '/gone.js');

    expect([purged.status, after.status]).toEqual([404, 404]);
  });

  it('answers 404 for a host the CDN does not accelerate and 502 when the origin is down', async () => {
    const unknown = await get(0, 'www.other.test', '/');
    const down = await get(0, 'down.example.com', '/');

    expect(unknown.status).toBe(404);
    expect(down.status).toBe(502);
    expect(origin.requests).toEqual([]);
  });

  it('marks Wangsu sites with X-Via and Via, flagging hits', async () => {
    origin.setFile('www.example.cn', '/app.js', { body: 'v1' });

    const miss = await get(1, 'www.example.cn', '/app.js');
    clock.advance(12_000);
    const hit = await get(1, 'www.example.cn', '/app.js');

    expect(miss.headers['x-via']).toMatch(/^1\.1 PS-[A-Z]+-\w+:\d+ \(Cdn Cache Server V2\.0\)$/);
    expect(miss.headers.via).toMatch(/Cdn Cache Server V2\.0/);
    expect(miss.headers['x-cache-lookup']).toBeUndefined();
    expect(miss.headers.age).toBeUndefined();
    expect(hit.headers['x-via']).toMatch(/^1\.1 PS-[A-Z]+-\w+:\d+ \(Cdn Cache Server V2\.0\)\[HIT\]$/);
    expect(hit.headers['x-cache']).toMatch(/^HIT from PS-/);
    expect(hit.headers.age).toBe('12');
  });
});
