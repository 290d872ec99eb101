import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

let fx: SandboxFixture;
afterEach(async () => {
  await fx?.sandbox.close();
});

const update = (Origin: unknown) =>
  fx.call({ action: 'UpdateDomainConfig', params: { Domain: 'www.example.com', Origin } });

describe('Tencent sandbox UpdateDomainConfig Origin', () => {
  it.each([
    ['IPv4 with ports and weights', { Origins: ['203.0.113.1:8080:60', '203.0.113.2'], OriginType: 'ip' }],
    ['one IPv6 address', { Origins: ['2001:db8::1'], OriginType: 'ipv6' }],
    ['IPv4 and IPv6 together', { Origins: ['203.0.113.1', '[2001:db8::1]:8080'], OriginType: 'ip_ipv6' }],
    ['one domain with a port', { Origins: ['origin.example.com:8080'], OriginType: 'domain' }],
    [
      'backups of type ip and https to port 443',
      {
        Origins: ['203.0.113.1:443'],
        OriginType: 'ip',
        OriginPullProtocol: 'https',
        BackupOrigins: ['203.0.113.9'],
        BackupOriginType: 'ip',
      },
    ],
  ])('accepts %s', async (_case, origin) => {
    fx = await startSandboxFixture();

    const response = await update(origin);

    expect(response.Error).toBeUndefined();
    expect(fx.sandbox.domain('www.example.com').origins).toEqual((origin as { Origins: string[] }).Origins);
  });

  it.each([
    ['two IPv6 addresses as ipv6', { Origins: ['2001:db8::1', '2001:db8::2'], OriginType: 'ipv6' }],
    ['IPv4 only as ip_ipv6', { Origins: ['203.0.113.1'], OriginType: 'ip_ipv6' }],
    ['two domains', { Origins: ['a.example.com', 'b.example.com'], OriginType: 'domain' }],
    ['an IP as a domain', { Origins: ['203.0.113.1'], OriginType: 'domain' }],
    ['a port out of range', { Origins: ['203.0.113.1:70000'], OriginType: 'ip' }],
    ['https to port 8080', { Origins: ['203.0.113.1:8080'], OriginType: 'ip', OriginPullProtocol: 'https' }],
    [
      'backups without their type',
      { Origins: ['203.0.113.1'], OriginType: 'ip', BackupOrigins: ['203.0.113.9'] },
    ],
    [
      'IPv6 backups',
      { Origins: ['203.0.113.1'], OriginType: 'ip', BackupOrigins: ['2001:db8::9'], BackupOriginType: 'ip' },
    ],
  ])('refuses %s with InvalidParameter.CdnParamError, changing nothing', async (_case, origin) => {
    fx = await startSandboxFixture();
    const before = structuredClone(fx.sandbox.domain('www.example.com').origins);

    const response = await update(origin);

    expect(response.Error?.Code).toBe('InvalidParameter.CdnParamError');
    expect(fx.sandbox.domain('www.example.com').origins).toEqual(before);
  });

  it('refuses a second change while the first deploys', async () => {
    fx = await startSandboxFixture();

    await update({ Origins: ['203.0.113.1'], OriginType: 'ip' });
    const second = await update({ Origins: ['203.0.113.2'], OriginType: 'ip' });

    expect(second.Error?.Code).toBe('ResourceInUse.CdnOpInProgress');
    expect(fx.sandbox.domain('www.example.com').origins).toEqual(['203.0.113.1']);
  });
});

describe('Tencent sandbox DescribeCdnIp', () => {
  it('answers Platform yes with location, area and history for a node, no and unknown otherwise', async () => {
    fx = await startSandboxFixture();

    const response = await fx.call({
      action: 'DescribeCdnIp',
      params: { Ips: ['203.0.113.80', '198.51.100.7'] },
    });

    expect(response.Ips).toEqual([
      {
        Ip: '203.0.113.80',
        Platform: 'yes',
        Location: 'Guangdong',
        City: 'Shenzhen',
        Area: 'mainland',
        History: [{ Status: 'online', Datetime: '2026-09-01 10:00:00' }],
      },
      { Ip: '198.51.100.7', Platform: 'no', Location: 'unknown', City: null, Area: 'unknown', History: [] },
    ]);
  });

  it.each([
    ['no addresses', []],
    ['21 addresses', Array.from({ length: 21 }, (_, index) => `198.51.100.${index + 1}`)],
    ['an address that is not an IP', ['198.51.100.300']],
  ])('refuses %s with InvalidParameterValue', async (_case, Ips) => {
    fx = await startSandboxFixture();

    const response = await fx.call({ action: 'DescribeCdnIp', params: { Ips } });

    expect(response.Error?.Code).toBe('InvalidParameterValue');
  });

  it('answers RequestLimitExceeded past 200 calls in 10 minutes, and again once the window moves on', async () => {
    fx = await startSandboxFixture();
    const ask = () => fx.call({ action: 'DescribeCdnIp', params: { Ips: ['198.51.100.7'] } });

    for (let call = 0; call < 200; call++) {
      expect((await ask()).Error).toBeUndefined();
      fx.clock.advance(1_000);
    }
    expect((await ask()).Error?.Code).toBe('RequestLimitExceeded');

    // The first call (200 s ago) leaves the window 10 minutes after it was made.
    fx.clock.advance(400_000);
    expect((await ask()).Error).toBeUndefined();
    expect((await ask()).Error?.Code).toBe('RequestLimitExceeded');
  });
});
