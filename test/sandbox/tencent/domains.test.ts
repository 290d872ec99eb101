import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

function domainNames(domains: unknown): string[] {
  return z
    .array(z.object({ Domain: z.string() }))
    .parse(domains)
    .map((d) => d.Domain);
}

describe('Tencent sandbox DescribeDomains', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('lists every demo domain as a BriefDomain with the total', async () => {
    const response = await fx.call({ action: 'DescribeDomains' });

    expect(response.TotalNumber).toBe(9);
    expect(response.Domains).toContainEqual(
      expect.objectContaining({
        ResourceId: 'cdn-3x8kq1zm',
        Domain: 'www.example.com',
        Cname: 'www.example.com.cdn.dnsv1.com',
        Status: 'online',
        ProjectId: 0,
        ServiceType: 'web',
        Origin: expect.objectContaining({
          Origins: ['origin.example.com'],
          OriginType: 'domain',
          ServerName: 'www.example.com',
        }),
        Area: 'mainland',
        Disable: 'normal',
        CreateTime: '2026-11-23 10:00:00',
        UpdateTime: '2026-11-23 10:00:00',
      }),
    );
  });

  it('pages with Offset and Limit while TotalNumber stays the full count', async () => {
    const response = await fx.call({ action: 'DescribeDomains', params: { Offset: 2, Limit: 3 } });

    expect(domainNames(response.Domains)).toEqual([
      'img.example.com',
      'video.example.com',
      'api.example.com',
    ]);
    expect(response.TotalNumber).toBe(9);
  });

  it.each([
    [{ Name: 'domain', Value: ['api.example.com', 'm.example.com'] }, ['api.example.com', 'm.example.com']],
    [{ Name: 'domain', Value: ['.net'], Fuzzy: true }, ['global.example.net']],
    [{ Name: 'status', Value: ['offline', 'processing'] }, ['api.example.com', 'm.example.com']],
    [{ Name: 'resourceId', Value: ['cdn-q9v5n3hb'] }, ['video.example.com']],
    [
      { Name: 'origin', Value: ['cos.ap'], Fuzzy: true },
      ['static.example.com', 'download.example.com', 'docs.example.com'],
    ],
  ])('filters by %o', async (filter, expected) => {
    const response = await fx.call({ action: 'DescribeDomains', params: { Filters: [filter] } });

    expect(domainNames(response.Domains)).toEqual(expected);
    expect(response.TotalNumber).toBe(expected.length);
  });

  it('refuses Limit above 1000', async () => {
    const response = await fx.call({ action: 'DescribeDomains', params: { Limit: 1001 } });

    expect(response.Error?.Code).toBe('InvalidParameterValue');
  });

  it('refuses a fuzzy filter with more than one value', async () => {
    const response = await fx.call({
      action: 'DescribeDomains',
      params: { Filters: [{ Name: 'domain', Value: ['a', 'b'], Fuzzy: true }] },
    });

    expect(response.Error?.Code).toBe('InvalidParameter.CdnParamError');
  });

  it('shows changes made to the live state', async () => {
    fx.sandbox.domain('www.example.com').status = 'offline';

    const response = await fx.call({
      action: 'DescribeDomains',
      params: { Filters: [{ Name: 'domain', Value: ['www.example.com'] }] },
    });

    expect(response.Domains).toEqual([expect.objectContaining({ Status: 'offline' })]);
  });
});

describe('Tencent sandbox DescribeDomainsConfig', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('returns the cache, referer and cache-key configuration of a domain', async () => {
    const response = await fx.call({
      action: 'DescribeDomainsConfig',
      params: { Filters: [{ Name: 'domain', Value: ['img.example.com'] }] },
    });

    expect(response.TotalNumber).toBe(1);
    expect(response.Domains).toEqual([
      expect.objectContaining({
        Domain: 'img.example.com',
        Cache: {
          SimpleCache: expect.objectContaining({
            CacheRules: [
              { CacheType: 'file', CacheContents: ['jpg', 'jpeg', 'png', 'webp', 'gif'], CacheTime: 604800 },
            ],
            FollowOrigin: 'off',
            IgnoreCacheControl: 'off',
            IgnoreSetCookie: 'off',
            CompareMaxAge: 'off',
          }),
        },
        Referer: {
          Switch: 'on',
          RefererRules: [
            {
              RuleType: 'all',
              RulePaths: ['*'],
              RefererType: 'whitelist',
              Referers: ['*.example.com', 'example.com'],
              AllowEmpty: true,
            },
          ],
        },
        CacheKey: expect.objectContaining({ FullUrlCache: 'on' }),
        IpFilter: expect.objectContaining({ Switch: 'off' }),
        UserAgentFilter: expect.objectContaining({ Switch: 'off' }),
        Https: expect.objectContaining({
          Switch: 'on',
          CertInfo: expect.objectContaining({ CertId: 'Hq4mZ7cY' }),
        }),
      }),
    ]);
  });

  it('refuses Limit above 100', async () => {
    const response = await fx.call({ action: 'DescribeDomainsConfig', params: { Limit: 101 } });

    expect(response.Error?.Code).toBe('InvalidParameterValue');
  });
});
