import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEdges } from '../../src/check/resolve-edges.ts';
import { type DnsResponder, startDnsResponder } from './support/dns-responder.ts';

let dns: DnsResponder;

beforeAll(async () => {
  dns = await startDnsResponder(
    {
      'edges.cdn.test': { a: ['10.0.0.1', '10.0.0.2', '10.0.0.1'], aaaa: ['2001:db8::1', '2001:db8::2'] },
      'v4only.cdn.test': { a: ['10.0.0.9'] },
      'v6only.cdn.test': { aaaa: ['2001:db8::9'] },
      'empty.cdn.test': {},
    },
    { silent: ['hangs.cdn.test'] },
  );
});

afterAll(async () => {
  await dns.close();
});

describe('resolveEdges', () => {
  it('lists A records first, then AAAA, without duplicates, up to max', async () => {
    const all = await resolveEdges('edges.cdn.test', { resolver: dns.server, max: 10, timeoutMs: 2_000 });
    const three = await resolveEdges('edges.cdn.test', { resolver: dns.server, max: 3, timeoutMs: 2_000 });

    expect(all).toEqual({
      addresses: [
        { address: '10.0.0.1', family: 4 },
        { address: '10.0.0.2', family: 4 },
        { address: '2001:db8::1', family: 6 },
        { address: '2001:db8::2', family: 6 },
      ],
    });
    expect(three.addresses.map((edge) => edge.address)).toEqual(['10.0.0.1', '10.0.0.2', '2001:db8::1']);
  });

  it('takes a name with records of one family only, without calling the other an error', async () => {
    const v4 = await resolveEdges('v4only.cdn.test', { resolver: dns.server, max: 4, timeoutMs: 2_000 });
    const v6 = await resolveEdges('v6only.cdn.test', { resolver: dns.server, max: 4, timeoutMs: 2_000 });

    expect(v4).toEqual({ addresses: [{ address: '10.0.0.9', family: 4 }] });
    expect(v6).toEqual({ addresses: [{ address: '2001:db8::9', family: 6 }] });
  });

  it('says whether a name does not exist or has no addresses', async () => {
    const missing = await resolveEdges('nope.cdn.test', { resolver: dns.server, max: 4, timeoutMs: 2_000 });
    const empty = await resolveEdges('empty.cdn.test', { resolver: dns.server, max: 4, timeoutMs: 2_000 });

    expect(missing).toEqual({ addresses: [], error: 'nope.cdn.test does not exist (NXDOMAIN)' });
    expect(empty).toEqual({ addresses: [], error: 'empty.cdn.test has no A or AAAA records' });
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const started = performance.now();

    const result = await resolveEdges('hangs.cdn.test', { resolver: dns.server, max: 4, timeoutMs: 300 });

    expect(result.addresses).toEqual([]);
    expect(result.error).toBe(
      'DNS lookup of hangs.cdn.test failed (A: no answer within 300 ms; AAAA: no answer within 300 ms)',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops when the signal fires', async () => {
    const controller = new AbortController();
    const pending = resolveEdges('hangs.cdn.test', {
      resolver: dns.server,
      max: 4,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    controller.abort();

    const result = await pending;

    expect(result.addresses).toEqual([]);
    expect(result.error).toContain('stopped at the check deadline');
  });

  it('passes an IP address through without a lookup', async () => {
    const before = dns.queries.length;

    const result = await resolveEdges('192.0.2.7', { resolver: dns.server, max: 4, timeoutMs: 2_000 });

    expect(result).toEqual({ addresses: [{ address: '192.0.2.7', family: 4 }] });
    expect(dns.queries.length).toBe(before);
  });

  it('reports a resolver it cannot use instead of throwing', async () => {
    const result = await resolveEdges('edges.cdn.test', {
      resolver: 'not a server',
      max: 4,
      timeoutMs: 2_000,
    });

    expect(result.addresses).toEqual([]);
    expect(result.error).toMatch(/^invalid DNS resolver not a server/);
  });
});
