import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CA, startEdgeSandbox } from '../../sandbox/edge/index.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { startOriginSandbox } from '../../sandbox/origin/index.ts';
import { openCheckConnections } from '../../src/check/check-connections.ts';
import { type CheckTarget, checkUrls } from '../../src/check/check-urls.ts';
import { probe } from '../../src/check/probe.ts';
import { startDnsResponder } from './support/dns-responder.ts';
import { LOOPBACK_ALLOWED, startLoopbackServers } from './support/loopback-servers.ts';
import { type EdgeExchange, startTlsEdge } from './support/tls-edge.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function later<T extends { close(): Promise<void> }>(running: T): T {
  closers.push(() => running.close());
  return running;
}

/** An origin on 127.0.0.1 answering every request with ETag "v1", as the edges below do. */
async function startOrigin(): Promise<CheckTarget['origin']> {
  const origin = later(
    await startLoopbackServers(['127.0.0.1'], (_request, response) =>
      response.writeHead(200, { etag: '"v1"' }).end(),
    ),
  );
  return { address: '127.0.0.1', port: origin.port, hostHeader: 'www.example.com', protocol: 'http:' };
}

/** URLs of www.example.com whose CNAME is the edge's own address, so no DNS is needed. */
function targets(port: number, paths: string[], origin: CheckTarget['origin']): CheckTarget[] {
  return paths.map((path) => ({ url: `https://www.example.com:${port}${path}`, cname: '127.0.0.2', origin }));
}

const checkOptions = {
  edges: 1,
  timeoutMs: 2_000,
  overallTimeoutMs: 10_000,
  ca: SANDBOX_CA,
  addressPolicy: LOOPBACK_ALLOWED,
};

describe('a check of many URLs on HTTPS edges', () => {
  it('asks each HTTP/2 edge over one TLS connection, and still judges every URL on every edge', async () => {
    const clock = createManualClock();
    const origin = later(await startOriginSandbox({ clock }));
    const edges = later(
      await startEdgeSandbox({ edges: 2, clock, origin: (host) => ({ url: origin.url, hostHeader: host }) }),
    );
    const dns = later(await startDnsResponder({ 'www.example.com.cdn.test': { a: edges.addresses } }));
    const paths = ['/a.js', '/b.js', '/c.js', '/d.js', '/e.js'];
    for (const path of paths) origin.setFile('www.example.com', path, { body: path, etag: '"v1"' });
    const urls = paths.map((path) => ({
      url: `https://www.example.com:${edges.httpsPort}${path}`,
      cname: 'www.example.com.cdn.test',
      origin: {
        address: '127.0.0.1',
        port: origin.port,
        hostHeader: 'www.example.com',
        protocol: 'http:' as const,
      },
    }));
    const options = { ...checkOptions, edges: 2, resolver: dns.server };
    await checkUrls(urls, options);
    origin.setFile('www.example.com', '/a.js', { body: 'changed', etag: '"v2"' });
    edges.connections.length = 0;
    edges.requests.length = 0;

    const checks = await checkUrls(urls, options);

    expect(checks.map((check) => check.summary)).toEqual([
      '0 of 2 edges fresh, 2 stale (ETag "v1" vs origin "v2")',
      ...Array(4).fill('2 of 2 edges fresh'),
    ]);
    expect(edges.connections).toEqual(
      expect.arrayContaining([
        { address: '127.0.0.2', scheme: 'https', protocol: 'h2' },
        { address: '127.0.0.3', scheme: 'https', protocol: 'h2' },
      ]),
    );
    expect(edges.connections).toHaveLength(2);
    expect(edges.requests).toHaveLength(10);
    expect(new Set(edges.requests.map((request) => request.host))).toEqual(new Set(['www.example.com']));
  });

  it('closes its connections when the check ends', async () => {
    const edge = later(
      await startTlsEdge('127.0.0.2', 'h2', (exchange) => exchange.reply(200, { etag: '"v1"' })),
    );
    const origin = await startOrigin();

    const checks = await checkUrls(targets(edge.port, ['/a', '/b', '/c'], origin), checkOptions);
    await edge.allClosed();

    expect(checks.map((check) => check.summary)).toEqual(Array(3).fill('1 of 1 edge fresh'));
    expect(edge.connections).toEqual(['h2']);
  });

  it('works with an edge that speaks only HTTP/1.1: a connection per request in flight, kept for the GET fallback', async () => {
    const asked: EdgeExchange[] = [];
    const edge = later(
      await startTlsEdge('127.0.0.2', 'http/1.1', (exchange) => {
        asked.push(exchange);
        if (exchange.method === 'HEAD') exchange.reply(405);
        else exchange.reply(200, { etag: '"v1"' });
      }),
    );
    const origin = await startOrigin();

    const checks = await checkUrls(targets(edge.port, ['/a', '/b', '/c'], origin), checkOptions);
    await edge.allClosed();

    expect(checks.map((check) => check.summary)).toEqual(Array(3).fill('1 of 1 edge fresh'));
    expect(checks.map((check) => check.edges[0]?.result)).toMatchObject(
      Array(3).fill({ ok: true, method: 'GET' }),
    );
    expect(asked.map((exchange) => exchange.method).sort()).toEqual([
      ...Array(3).fill('GET'),
      ...Array(3).fill('HEAD'),
    ]);
    // Three requests were ever in flight at once; their six went over that many connections, not one each.
    expect(edge.connections).toHaveLength(3);
  });
});

describe("probes sharing a check's connections", () => {
  it('lets one probe give up without disturbing the other streams of its HTTP/2 connection', async () => {
    const asked: EdgeExchange[] = [];
    let released!: () => void;
    const hangGone = new Promise<void>((resolve) => {
      released = resolve;
    });
    const edge = later(
      await startTlsEdge('127.0.0.2', 'h2', (exchange) => {
        asked.push(exchange);
        if (exchange.path === '/hang') {
          // Answers nobody until the client has given up on this one stream.
          void exchange.closed.then(released);
          return;
        }
        void hangGone.then(() => exchange.reply(200, { etag: '"v1"' }));
      }),
    );
    const connections = openCheckConnections();
    closers.push(() => connections.close());
    const ask = (path: string, timeoutMs: number) => {
      const url = new URL(`https://www.example.com:${edge.port}${path}`);
      return probe({
        url,
        connectTo: { address: '127.0.0.2' },
        hostHeader: url.host,
        servername: url.hostname,
        timeoutMs,
        maxBodyBytes: 4_096,
        ca: SANDBOX_CA,
        addressPolicy: LOOPBACK_ALLOWED,
        connections,
      });
    };

    const [hang, ...others] = await Promise.all([
      ask('/hang', 200),
      ask('/a', 10_000),
      ask('/b', 10_000),
      ask('/c', 10_000),
    ]);

    expect(hang).toMatchObject({ ok: false, error: 'timeout', message: 'no answer within 200 ms' });
    expect(others).toMatchObject(Array(3).fill({ ok: true, status: 200, headers: { etag: '"v1"' } }));
    expect(edge.connections).toEqual(['h2']);
    expect(asked.map((exchange) => exchange.connection)).toEqual([0, 0, 0, 0]);
  });
});
