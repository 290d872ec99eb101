import { promises as dns } from 'node:dns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DnsSandbox, startDnsSandbox } from '../../../sandbox/dns/index.ts';

function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code,
  );
}

describe('DNS sandbox through Node’s resolver', () => {
  let sandbox: DnsSandbox;
  let resolver: dns.Resolver;

  beforeEach(async () => {
    sandbox = await startDnsSandbox({
      records: {
        'www.example.com': { cname: 'www.example.com.cdn.dnsv1.com.' },
        'www.example.com.cdn.dnsv1.com': { a: ['127.0.0.2', '127.0.0.3'], aaaa: ['::1', '2001:db8::7'] },
        'origin.example.com': { a: ['127.0.0.1'] },
      },
    });
    resolver = new dns.Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([sandbox.server]);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('listens on loopback and names itself as a server for setServers', () => {
    expect(sandbox.address).toBe('127.0.0.1');
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.server).toBe(`127.0.0.1:${sandbox.port}`);
  });

  it('chases a CNAME to the addresses of its target, with TTL 60', async () => {
    await expect(resolver.resolve4('www.example.com', { ttl: true })).resolves.toEqual([
      { address: '127.0.0.2', ttl: 60 },
      { address: '127.0.0.3', ttl: 60 },
    ]);
    await expect(resolver.resolve6('www.example.com')).resolves.toEqual(['::1', '2001:db8::7']);
    await expect(resolver.resolveCname('www.example.com')).resolves.toEqual([
      'www.example.com.cdn.dnsv1.com',
    ]);
  });

  it('answers names whatever their case', async () => {
    await expect(resolver.resolve4('WWW.Example.COM')).resolves.toEqual(['127.0.0.2', '127.0.0.3']);
    await expect(resolver.resolve4('ORIGIN.example.com.')).resolves.toEqual(['127.0.0.1']);
  });

  it('answers NXDOMAIN for unknown names and NODATA for a type the name lacks', async () => {
    await expect(errorCode(resolver.resolve4('missing.example.com'))).resolves.toBe('ENOTFOUND');
    await expect(errorCode(resolver.resolveCname('origin.example.com'))).resolves.toBe('ENODATA');
    await expect(errorCode(resolver.resolve6('origin.example.com'))).resolves.toBe('ENODATA');
  });

  it('follows records changed and removed while running', async () => {
    sandbox.setRecord('www.example.com.cdn.dnsv1.com', { a: ['127.0.0.9'] });
    const changed = await resolver.resolve4('www.example.com');
    sandbox.setRecord('www.example.com', { a: ['127.0.0.4'] });
    const direct = await resolver.resolve4('www.example.com');
    sandbox.removeRecord('WWW.example.com');

    expect(changed).toEqual(['127.0.0.9']);
    expect(direct).toEqual(['127.0.0.4']);
    await expect(errorCode(resolver.resolve4('www.example.com'))).resolves.toBe('ENOTFOUND');
  });

  it('answers NXDOMAIN when a CNAME points at a name it does not know', async () => {
    sandbox.setRecord('dangling.example.com', { cname: 'gone.example.net' });

    await expect(errorCode(resolver.resolve4('dangling.example.com'))).resolves.toBe('ENOTFOUND');
    await expect(resolver.resolveCname('dangling.example.com')).resolves.toEqual(['gone.example.net']);
  });

  it('records each question with its name in lower case and its type', async () => {
    await resolver.resolve4('WWW.example.com');
    await resolver.resolveCname('www.example.com');
    await errorCode(resolver.resolve6('missing.example.com'));

    expect(sandbox.queries).toEqual([
      { name: 'www.example.com', type: 'A' },
      { name: 'www.example.com', type: 'CNAME' },
      { name: 'missing.example.com', type: 'AAAA' },
    ]);
  });

  it('refuses records DNS cannot hold', () => {
    expect(() => sandbox.setRecord('x.example.com', { cname: 'y.example.com', a: ['127.0.0.2'] })).toThrow(
      /CNAME/,
    );
    expect(() => sandbox.setRecord('x.example.com', { a: ['::1'] })).toThrow(/IPv4/);
    expect(() => sandbox.setRecord('x.example.com', { aaaa: ['127.0.0.1'] })).toThrow(/IPv6/);
  });
});
