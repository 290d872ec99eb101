import { promises as dns } from 'node:dns';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DnsSandbox, startDnsSandbox } from '../../../sandbox/dns/index.ts';
import { type EdgeSandbox, SANDBOX_CA, startEdgeSandbox } from '../../../sandbox/edge/index.ts';
import { createManualClock } from '../../../sandbox/manual-clock.ts';
import { type OriginSandbox, startOriginSandbox } from '../../../sandbox/origin/index.ts';
import { getH2, openH2 } from './h2-client.ts';
import { type SentRequest, send } from './http-client.ts';

function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'answered',
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
}

describe('edge sandbox over the network', () => {
  let origin: OriginSandbox;
  let edge: EdgeSandbox;

  beforeEach(async () => {
    const clock = createManualClock();
    origin = await startOriginSandbox({ clock });
    origin.setFile('www.example.com', '/app.js', { body: 'v1', etag: '"v1"' });
    edge = await startEdgeSandbox({
      clock,
      origin: (host) => (host.endsWith('.example.com') ? { url: origin.url, hostHeader: host } : undefined),
    });
  });

  afterEach(async () => {
    await edge.close();
    await origin.close();
  });

  function get(address: string, more: Partial<SentRequest> = {}) {
    return send({ address, port: edge.httpPort, host: 'www.example.com', path: '/app.js', ...more });
  }

  function getTls(address: string, tls: SentRequest['tls'], more: Partial<SentRequest> = {}) {
    return get(address, { port: edge.httpsPort, tls, ...more });
  }

  it('starts four edges by default', () => {
    expect(edge.addresses).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']);
    expect(edge.ca).toBe(SANDBOX_CA);
  });

  it('serves HTTPS with a certificate a client trusting `ca` verifies for the SNI name', async () => {
    const [address = ''] = edge.addresses;

    const secure = await getTls(address, { ca: edge.ca, servername: 'www.example.com' });
    const overHttp = await get(address);

    expect([secure.status, secure.body, secure.headers['x-cache-lookup']]).toEqual([200, 'v1', 'Cache Miss']);
    // http and https share the cache, as a CDN's cache key leaves out the scheme by default.
    expect(overHttp.headers['x-cache-lookup']).toBe('Hit From MemCache');
    expect(edge.requests.map((request) => request.scheme)).toEqual(['https', 'http']);
  });

  it('presents the same certificate for any SNI: a name outside it, or a client not trusting `ca`, fails', async () => {
    const [address = ''] = edge.addresses;

    const otherName = await failure(getTls(address, { ca: edge.ca, servername: 'www.other.test' }));
    const untrusted = await failure(getTls(address, { servername: 'www.example.com' }));
    const apex = await getTls(address, { ca: edge.ca, servername: 'example.com' }, { host: 'example.com' });

    expect(otherName).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(untrusted).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    // The handshake succeeds for the bare domain too; the 404 only says this test's CDN has no such site.
    expect(apex.status).toBe(404);
  });

  it('delays a slow edge by real time and holds a hanging one until reset', async () => {
    const [slowEdge = '', hungEdge = '', fastEdge = ''] = edge.addresses;
    edge.slow(slowEdge, 150);
    edge.slow(hungEdge, 'hang');

    const started = performance.now();
    const slow = await get(slowEdge);
    const slowMs = performance.now() - started;
    const fast = await get(fastEdge);
    const timedOut = await failure(get(hungEdge, { timeoutMs: 200 }));
    const held = get(hungEdge);
    await vi.waitFor(() => expect(edge.requests.filter((r) => r.address === hungEdge)).toHaveLength(2));
    edge.reset(hungEdge);

    expect(slow.status).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(140);
    expect(fast.status).toBe(200);
    expect(timedOut).toBe('timed out');
    await expect(held).resolves.toMatchObject({ status: 200, body: 'v1' });
    expect(() => edge.slow('127.0.0.99', 10)).toThrow(/no edge/);
  });

  it('closes while an edge is hanging', async () => {
    const [address = ''] = edge.addresses;
    edge.slow(address, 'hang');
    const held = failure(get(address));
    await vi.waitFor(() => expect(edge.requests).toHaveLength(1));

    await edge.close();

    await expect(held).resolves.not.toBe('answered');
  });

  it('speaks HTTP/2 over HTTPS to clients offering it and HTTP/1.1 to the rest, reading the host from either', async () => {
    const [address = ''] = edge.addresses;
    const session = openH2(address, edge.httpsPort, 'www.example.com', edge.ca);

    const overH2 = await getH2(session, '/app.js');
    const overH1 = await getTls(address, { ca: edge.ca });
    session.close();

    expect([overH2.status, overH2.body, overH1.status, overH1.body]).toEqual([200, 'v1', 200, 'v1']);
    expect(edge.connections).toEqual([
      { address, scheme: 'https', protocol: 'h2' },
      { address, scheme: 'https', protocol: 'http/1.1' },
    ]);
    expect(edge.requests.map((request) => [request.scheme, request.host, request.path])).toEqual([
      ['https', 'www.example.com', '/app.js'],
      ['https', 'www.example.com', '/app.js'],
    ]);
  });

  it('closes promptly while an HTTP/2 request is hanging, ending the session', async () => {
    const [address = ''] = edge.addresses;
    edge.slow(address, 'hang');
    const session = openH2(address, edge.httpsPort, 'www.example.com', edge.ca);
    const sessionClosed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    session.on('error', () => undefined);
    const held = failure(getH2(session, '/app.js'));
    await vi.waitFor(() => expect(edge.requests).toHaveLength(1));

    await edge.close();

    await expect(held).resolves.not.toBe('answered');
    await sessionClosed;
  });
});

describe('edge sandbox behind the DNS sandbox', () => {
  let dnsSandbox: DnsSandbox;
  let origin: OriginSandbox;
  let edge: EdgeSandbox;

  afterEach(async () => {
    await Promise.all([dnsSandbox.close(), edge.close(), origin.close()]);
  });

  it('resolves a domain’s CNAME to the edges and reaches each with Host and SNI set to the domain', async () => {
    const clock = createManualClock();
    origin = await startOriginSandbox({ clock });
    origin.setFile('www.example.com', '/index.html', { body: '<h1>hi</h1>', etag: '"h1"' });
    edge = await startEdgeSandbox({
      edges: 2,
      clock,
      origin: (host) => (host === 'www.example.com' ? { url: origin.url, hostHeader: host } : undefined),
    });
    dnsSandbox = await startDnsSandbox({
      records: {
        'www.example.com': { cname: 'www.example.com.cdn.dnsv1.com' },
        'www.example.com.cdn.dnsv1.com': { a: edge.addresses },
      },
    });
    const resolver = new dns.Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([dnsSandbox.server]);

    const [cname] = await resolver.resolveCname('www.example.com');
    const addresses = await resolver.resolve4('www.example.com');
    const answers = await Promise.all(
      addresses.map((address) =>
        send({
          address,
          port: edge.httpsPort,
          host: 'www.example.com',
          path: '/index.html',
          tls: { ca: edge.ca },
        }),
      ),
    );

    expect(cname).toBe('www.example.com.cdn.dnsv1.com');
    expect(addresses).toEqual(edge.addresses);
    expect(answers.map((answer) => [answer.status, answer.headers.etag])).toEqual([
      [200, '"h1"'],
      [200, '"h1"'],
    ]);
  });
});
