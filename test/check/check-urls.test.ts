import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CheckOptions, type CheckTarget, checkUrls } from '../../src/check/check-urls.ts';
import { type DnsResponder, startDnsResponder } from './support/dns-responder.ts';
import { LOOPBACK_ALLOWED, type LoopbackServers, startLoopbackServers } from './support/loopback-servers.ts';

const DOMAIN = 'www.example.test';
const CNAME = 'www.example.test.cdn.test';
const EDGES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
const ORIGIN = '127.0.0.1';

/** How each server answers, by its address; reset before each test. */
interface Behaviour {
  etag?: string;
  delayMs?: number;
  hang?: boolean;
}
let behaviour: Record<string, Behaviour> = {};
let seen: { address: string; method: string | undefined; host: string | undefined }[] = [];
let inFlight = 0;
let maxInFlight = 0;

function answer(request: http.IncomingMessage, response: http.ServerResponse, address: string): void {
  seen.push({ address, method: request.method, host: request.headers.host });
  const how = behaviour[address] ?? {};
  if (how.hang) return;
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  setTimeout(() => {
    inFlight -= 1;
    response.writeHead(200, { etag: how.etag ?? '"v2"', 'x-cache-lookup': 'Hit From MemCache' }).end();
  }, how.delayMs ?? 0);
}

let dns: DnsResponder;
let edges: LoopbackServers;
let origin: LoopbackServers;

beforeAll(async () => {
  dns = await startDnsResponder({
    [CNAME]: { a: EDGES },
    'origin.example.test': { a: [ORIGIN] },
  });
  edges = await startLoopbackServers(EDGES, answer);
  origin = await startLoopbackServers([ORIGIN], answer);
});

afterAll(async () => {
  await Promise.all([dns.close(), edges.close(), origin.close()]);
});

beforeEach(() => {
  behaviour = {};
  seen = [];
  inFlight = 0;
  maxInFlight = 0;
  dns.queries.length = 0;
});

function target(path = '/a.js', overrides: Partial<CheckTarget> = {}): CheckTarget {
  return {
    url: `http://${DOMAIN}:${edges.port}${path}`,
    cname: CNAME,
    origin: { address: ORIGIN, port: origin.port, hostHeader: 'origin.example.test', protocol: 'http:' },
    ...overrides,
  };
}

function options(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return {
    edges: 4,
    timeoutMs: 2_000,
    overallTimeoutMs: 10_000,
    resolver: dns.server,
    addressPolicy: LOOPBACK_ALLOWED,
    ...overrides,
  };
}

describe('checkUrls', () => {
  it('asks every edge and the origin, and calls out the stale edge in the summary', async () => {
    behaviour = { '127.0.0.5': { etag: '"v1"' } };

    const [check] = await checkUrls([target()], options());

    expect(check?.summary).toBe('3 of 4 edges fresh, 1 stale (127.0.0.5: ETag "v1" vs origin "v2")');
    expect(check?.edges.map((edge) => [edge.address, edge.verdict, edge.reason])).toEqual([
      ['127.0.0.2', 'fresh', 'ETag matches'],
      ['127.0.0.3', 'fresh', 'ETag matches'],
      ['127.0.0.4', 'fresh', 'ETag matches'],
      ['127.0.0.5', 'stale', 'ETag "v1" vs origin "v2"'],
    ]);
    expect(check?.edges[0]?.result).toMatchObject({ ok: true, headers: { cacheStatus: 'HIT (MemCache)' } });
    expect(check?.origin).toMatchObject({
      checked: true,
      address: ORIGIN,
      result: { ok: true, headers: { etag: '"v2"' } },
    });
    const hosts = Object.fromEntries(seen.map((request) => [request.address, request.host]));
    expect(hosts).toEqual({
      '127.0.0.1': 'origin.example.test',
      ...Object.fromEntries(EDGES.map((edge) => [edge, `${DOMAIN}:${edges.port}`])),
    });
  });

  it('limits the edges asked to the number requested', async () => {
    const [check] = await checkUrls([target()], options({ edges: 2 }));

    expect(check?.edges.map((edge) => edge.address)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(check?.summary).toBe('2 of 2 edges fresh');
  });

  it('reports a hanging edge as timed out within the per-request timeout, with the others shown', async () => {
    behaviour = { '127.0.0.4': { hang: true } };
    const started = performance.now();

    const [check] = await checkUrls([target()], options({ timeoutMs: 300 }));

    expect(performance.now() - started).toBeLessThan(2_000);
    expect(check?.summary).toBe('3 of 4 edges fresh, 1 timed out (127.0.0.4)');
    expect(check?.edges[2]).toMatchObject({
      address: '127.0.0.4',
      verdict: 'unknown',
      reason: 'edge error: timeout',
      result: { ok: false, error: 'timeout', message: 'no answer within 300 ms' },
    });
  });

  it('stops everything unfinished at the overall deadline and reports it as timed out', async () => {
    behaviour = Object.fromEntries([...EDGES, ORIGIN].map((address) => [address, { hang: true }]));
    const started = performance.now();

    const [check] = await checkUrls([target()], options({ timeoutMs: 10_000, overallTimeoutMs: 300 }));

    expect(performance.now() - started).toBeLessThan(3_000);
    expect(check?.summary).toBe('0 of 4 edges fresh, 4 timed out');
    expect(check?.origin).toMatchObject({
      result: { ok: false, error: 'timeout', message: 'stopped at the check deadline' },
    });
    for (const edge of check?.edges ?? []) {
      expect(edge.result).toMatchObject({
        ok: false,
        error: 'timeout',
        message: 'stopped at the check deadline',
      });
    }
  });

  it('requests nothing for a URL whose domain has no CNAME', async () => {
    const [check] = await checkUrls([target('/a.js', { cname: undefined })], options());

    expect(check).toMatchObject({
      edges: [],
      notChecked: `no CNAME known for ${DOMAIN}`,
      summary: `not checked: no CNAME known for ${DOMAIN}`,
    });
    expect(seen).toEqual([]);
    expect(dns.queries).toEqual([]);
  });

  it('says so when the CNAME does not resolve, and does not bother the origin', async () => {
    const [check] = await checkUrls([target('/a.js', { cname: 'gone.cdn.test' })], options());

    expect(check?.summary).toBe('no edges to check: gone.cdn.test does not exist (NXDOMAIN)');
    expect(check?.resolutionError).toBe('gone.cdn.test does not exist (NXDOMAIN)');
    expect(check?.origin).toEqual({ checked: false, reason: 'not asked: no edges to compare with' });
    expect(seen).toEqual([]);
  });

  it('resolves an origin given by name through the same resolver', async () => {
    const [check] = await checkUrls(
      [
        target('/a.js', {
          origin: {
            address: `origin.example.test:${origin.port}`,
            hostHeader: 'origin.example.test',
            protocol: 'http:',
          },
        }),
      ],
      options(),
    );

    expect(check?.origin).toMatchObject({
      checked: true,
      configured: `origin.example.test:${origin.port}`,
      address: ORIGIN,
      port: origin.port,
      result: { ok: true },
    });
    expect(check?.summary).toBe('4 of 4 edges fresh');
  });

  it('cannot judge any edge when the origin is unreachable or not configured', async () => {
    const [down, none] = await checkUrls(
      [
        target('/a.js', {
          origin: { address: '127.0.0.1', port: 1, hostHeader: 'origin.example.test', protocol: 'http:' },
        }),
        target('/b.js', { origin: undefined }),
      ],
      options(),
    );

    expect(down?.summary).toBe('0 of 4 edges fresh, 4 unknown (origin unreachable: connection refused)');
    expect(none?.summary).toBe('0 of 4 edges fresh, 4 unknown (no origin configured to compare with)');
    expect(none?.edges.every((edge) => edge.result.ok)).toBe(true);
  });

  it('keeps no more requests in flight than the concurrency limit, across every URL', async () => {
    behaviour = Object.fromEntries([...EDGES, ORIGIN].map((address) => [address, { delayMs: 30 }]));
    const targets = Array.from({ length: 6 }, (_, index) => target(`/f${index}.js`));

    const checks = await checkUrls(targets, options({ concurrency: 3 }));

    expect(checks.every((check) => check.summary === '4 of 4 edges fresh')).toBe(true);
    expect(seen).toHaveLength(6 * 5);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it('checks 20 URLs on 4 edges concurrently: about as long as one slow request, not their sum', async () => {
    behaviour = Object.fromEntries([...EDGES, ORIGIN].map((address) => [address, { delayMs: 100 }]));
    const targets = Array.from({ length: 20 }, (_, index) => target(`/f${index}.js`));
    const started = performance.now();

    const checks = await checkUrls(targets, options({ concurrency: 128 }));

    const elapsed = performance.now() - started;
    expect(checks).toHaveLength(20);
    expect(checks.every((check) => check.summary === '4 of 4 edges fresh')).toBe(true);
    expect(seen).toHaveLength(20 * 5);
    // 100 requests of 100 ms each would be 10 s one after another.
    expect(elapsed).toBeLessThan(10 * 100);
    // One lookup per family for the shared CNAME, however many URLs use it.
    expect(dns.queries.filter((query) => query.name === CNAME)).toHaveLength(2);
  });

  it('strips userinfo and fragments from the URL it reports and checks', async () => {
    const [check] = await checkUrls(
      [target('/a.js', { url: `http://u:p@${DOMAIN}:${edges.port}/a.js#top` })],
      options(),
    );

    expect(check?.url).toBe(`http://${DOMAIN}:${edges.port}/a.js`);
  });

  it('does not check what is not an http(s) URL', async () => {
    const [notUrl, ftp] = await checkUrls(
      [target('/a', { url: 'not a url' }), target('/a', { url: `ftp://${DOMAIN}/a` })],
      options(),
    );

    expect(notUrl?.summary).toBe('not checked: not a valid URL');
    expect(ftp?.summary).toBe('not checked: only http and https URLs can be checked');
    expect(seen).toEqual([]);
  });
});
