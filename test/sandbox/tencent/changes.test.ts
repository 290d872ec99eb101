import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_TENCENT_ACCOUNT, type TencentSandboxOptions } from '../../../sandbox/tencent/index.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';
import { callApi } from './signed-post.ts';

const CHANGE_MS = 30_000;
const Domains = z.array(z.looseObject({ Domain: z.string(), Status: z.string() }));

let fx: SandboxFixture;

afterEach(async () => {
  await fx.sandbox.close();
});

async function start(options: Partial<TencentSandboxOptions> = {}): Promise<SandboxFixture> {
  fx = await startSandboxFixture(options);
  return fx;
}

/** The DetailDomain of one domain, or undefined when the account no longer has it. */
async function config(domain: string): Promise<Record<string, unknown> | undefined> {
  const response = await fx.call({
    action: 'DescribeDomainsConfig',
    params: { Filters: [{ Name: 'domain', Value: [domain] }] },
  });
  return Domains.parse(response.Domains)[0];
}

async function status(domain: string): Promise<string | undefined> {
  const response = await fx.call({
    action: 'DescribeDomains',
    params: { Filters: [{ Name: 'domain', Value: [domain] }] },
  });
  return Domains.parse(response.Domains)[0]?.Status;
}

async function errorCode(action: string, params: unknown): Promise<string | undefined> {
  const response = await fx.call({ action, params });
  return response.Error?.Code;
}

describe('Tencent sandbox StartCdnDomain, StopCdnDomain and DeleteCdnDomain', () => {
  it('starts an offline domain: processing for the change duration, then online', async () => {
    await start();

    const response = await fx.call({ action: 'StartCdnDomain', params: { Domain: 'api.example.com' } });
    const during = await status('api.example.com');
    fx.clock.advance(CHANGE_MS - 1);
    const justBefore = await status('api.example.com');
    fx.clock.advance(1);
    const after = await status('api.example.com');

    expect(response.Error).toBeUndefined();
    expect(response.RequestId).toEqual(expect.any(String));
    expect([during, justBefore, after]).toEqual(['processing', 'processing', 'online']);
  });

  it('stops an online domain: processing, then offline, after which purges of it are refused', async () => {
    await start();

    await fx.call({ action: 'StopCdnDomain', params: { Domain: 'www.example.com' } });
    const purgeWhileStopping = await errorCode('PurgeUrlsCache', { Urls: ['https://www.example.com/a.js'] });
    fx.clock.advance(CHANGE_MS);
    const after = await status('www.example.com');
    const purgeWhenOffline = await errorCode('PurgeUrlsCache', { Urls: ['https://www.example.com/a.js'] });

    expect(purgeWhileStopping).toBeUndefined();
    expect(after).toBe('offline');
    expect(purgeWhenOffline).toBe('InvalidParameter.CdnHostInvalidStatus');
  });

  it('ends the change on the clock even when nobody asks, as sandbox.domain shows', async () => {
    await start({ changeDurationMs: 5_000 });

    await fx.call({ action: 'StopCdnDomain', params: { Domain: 'www.example.com' } });
    fx.clock.advance(5_000);

    expect(fx.sandbox.domain('www.example.com').status).toBe('offline');
  });

  it('deletes an offline domain at once', async () => {
    await start();

    const response = await fx.call({ action: 'DeleteCdnDomain', params: { Domain: 'api.example.com' } });
    const listed = await fx.call({ action: 'DescribeDomains' });

    expect(response.Error).toBeUndefined();
    expect(await config('api.example.com')).toBeUndefined();
    expect(listed.TotalNumber).toBe(8);
    expect(() => fx.sandbox.domain('api.example.com')).toThrow('sandbox has no domain api.example.com');
  });

  it('stops, waits and then deletes, the way Terraform deletes a started domain', async () => {
    await start();

    const tooEarly = await errorCode('DeleteCdnDomain', { Domain: 'www.example.com' });
    await fx.call({ action: 'StopCdnDomain', params: { Domain: 'www.example.com' } });
    const whileStopping = await errorCode('DeleteCdnDomain', { Domain: 'www.example.com' });
    fx.clock.advance(CHANGE_MS);
    const onceOffline = await errorCode('DeleteCdnDomain', { Domain: 'www.example.com' });

    expect([tooEarly, whileStopping, onceOffline]).toEqual([
      'ResourceUnavailable.CdnHostIsNotOffline',
      'ResourceInUse.CdnOpInProgress',
      undefined,
    ]);
  });

  it.each([
    ['StartCdnDomain', 'www.example.com', 'InvalidParameter.CDNStatusInvalidDomain'],
    ['StopCdnDomain', 'api.example.com', 'InvalidParameter.CDNStatusInvalidDomain'],
    ['DeleteCdnDomain', 'www.example.com', 'ResourceUnavailable.CdnHostIsNotOffline'],
    ['StartCdnDomain', 'm.example.com', 'ResourceInUse.CdnOpInProgress'],
    ['StopCdnDomain', 'm.example.com', 'ResourceInUse.CdnOpInProgress'],
    ['DeleteCdnDomain', 'm.example.com', 'ResourceInUse.CdnOpInProgress'],
    ['StartCdnDomain', 'nope.example.com', 'ResourceNotFound.CdnHostNotExists'],
    ['StopCdnDomain', 'nope.example.com', 'ResourceNotFound.CdnHostNotExists'],
    ['DeleteCdnDomain', 'nope.example.com', 'ResourceNotFound.CdnHostNotExists'],
  ])('%s of %s answers %s and changes nothing', async (action, domain, code) => {
    await start();
    const before = await status(domain);

    const answer = await errorCode(action, { Domain: domain });

    expect(answer).toBe(code);
    expect(await status(domain)).toBe(before);
  });

  it('refuses a missing Domain and unknown parameters', async () => {
    await start();

    expect(await errorCode('StartCdnDomain', {})).toBe('MissingParameter');
    expect(await errorCode('StopCdnDomain', { Domain: 'www.example.com', Force: true })).toBe(
      'UnknownParameter',
    );
  });

  it('records every write in calls, refused or not', async () => {
    await start();

    await fx.call({ action: 'StopCdnDomain', params: { Domain: 'www.example.com' } });
    await fx.call({ action: 'DeleteCdnDomain', params: { Domain: 'www.example.com' } });

    expect(fx.sandbox.calls.map(({ action, params, errorCode }) => ({ action, params, errorCode }))).toEqual([
      { action: 'StopCdnDomain', params: { Domain: 'www.example.com' }, errorCode: undefined },
      {
        action: 'DeleteCdnDomain',
        params: { Domain: 'www.example.com' },
        errorCode: 'ResourceInUse.CdnOpInProgress',
      },
    ]);
  });
});

describe('Tencent sandbox UpdateDomainConfig', () => {
  it('resets the SimpleCache switches a request leaves out, as Tencent does', async () => {
    await start();
    await fx.call({
      action: 'UpdateDomainConfig',
      params: {
        Domain: 'www.example.com',
        Cache: {
          SimpleCache: {
            CacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 600 }],
            FollowOrigin: 'on',
            IgnoreCacheControl: 'on',
            IgnoreSetCookie: 'on',
            CompareMaxAge: 'on',
            Revalidate: { Switch: 'on', Path: '/api' },
          },
        },
      },
    });
    fx.clock.advance(CHANGE_MS);
    const before = await config('www.example.com');

    await fx.call({
      action: 'UpdateDomainConfig',
      params: {
        Domain: 'www.example.com',
        Cache: { SimpleCache: { CacheRules: [{ CacheType: 'file', CacheContents: ['js'], CacheTime: 60 }] } },
      },
    });
    const after = await config('www.example.com');

    expect(before?.Cache).toEqual({
      SimpleCache: {
        CacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 600 }],
        FollowOrigin: 'on',
        IgnoreCacheControl: 'on',
        IgnoreSetCookie: 'on',
        CompareMaxAge: 'on',
        Revalidate: { Switch: 'on', Path: '/api' },
      },
    });
    expect(after?.Cache).toEqual({
      SimpleCache: {
        CacheRules: [{ CacheType: 'file', CacheContents: ['js'], CacheTime: 60 }],
        FollowOrigin: 'off',
        IgnoreCacheControl: 'off',
        IgnoreSetCookie: 'off',
        CompareMaxAge: 'off',
        Revalidate: { Switch: 'off', Path: null },
      },
    });
  });

  it('resets Origin sub-fields a request leaves out: ServerName back to the domain, pull protocol to http', async () => {
    await start({
      accounts: [
        {
          ...DEMO_TENCENT_ACCOUNT,
          domains: [
            {
              domain: 'www.example.com',
              origins: ['origin.example.com'],
              serverName: 'origin.example.com',
              originPullProtocol: 'https',
            },
          ],
        },
      ],
    });

    await fx.call({
      action: 'UpdateDomainConfig',
      params: {
        Domain: 'www.example.com',
        Origin: { Origins: ['203.0.113.9:8080'], OriginType: 'ip' },
      },
    });

    expect((await config('www.example.com'))?.Origin).toEqual({
      Origins: ['203.0.113.9:8080'],
      OriginType: 'ip',
      ServerName: 'www.example.com',
      CosPrivateAccess: 'off',
      OriginPullProtocol: 'http',
      BackupOrigins: [],
      BackupOriginType: null,
      BackupServerName: null,
    });
  });

  it('replaces the referer rules with those sent, AllowEmpty false when omitted, none when Switch is off', async () => {
    await start();

    await fx.call({
      action: 'UpdateDomainConfig',
      params: {
        Domain: 'img.example.com',
        Referer: {
          Switch: 'on',
          RefererRules: [
            { RuleType: 'all', RulePaths: ['*'], RefererType: 'blacklist', Referers: ['bad.example.org'] },
          ],
        },
      },
    });
    const blacklisted = await config('img.example.com');
    fx.clock.advance(CHANGE_MS);
    await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'img.example.com', Referer: { Switch: 'off' } },
    });
    const off = await config('img.example.com');

    expect(blacklisted?.Referer).toEqual({
      Switch: 'on',
      RefererRules: [
        {
          RuleType: 'all',
          RulePaths: ['*'],
          RefererType: 'blacklist',
          Referers: ['bad.example.org'],
          AllowEmpty: false,
        },
      ],
    });
    expect(off?.Referer).toEqual({ Switch: 'off', RefererRules: [] });
  });

  it('resets CacheKey sub-fields a request leaves out: full-URL caching on, IgnoreCase off', async () => {
    await start({
      accounts: [
        {
          ...DEMO_TENCENT_ACCOUNT,
          domains: [{ domain: 'www.example.com', fullUrlCache: false, cacheKeyIgnoreCase: 'on' }],
        },
      ],
    });

    await fx.call({ action: 'UpdateDomainConfig', params: { Domain: 'www.example.com', CacheKey: {} } });

    expect((await config('www.example.com'))?.CacheKey).toEqual({ FullUrlCache: 'on', IgnoreCase: 'off' });
  });

  it('leaves every object it was not sent exactly as it was', async () => {
    await start();
    const before = await config('img.example.com');
    fx.clock.advance(60_000);

    await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'img.example.com', ProjectId: 1000123 },
    });
    fx.clock.advance(CHANGE_MS);
    const after = await config('img.example.com');

    expect(after).toEqual({ ...before, ProjectId: 1000123, UpdateTime: '2026-11-23 10:01:00' });
  });

  it('changes nothing when sent back exactly what DescribeDomainsConfig returned', async () => {
    await start();
    const before = await config('img.example.com');

    const response = await fx.call({
      action: 'UpdateDomainConfig',
      params: {
        Domain: 'img.example.com',
        ProjectId: before?.ProjectId,
        ServiceType: before?.ServiceType,
        Origin: before?.Origin,
        Cache: before?.Cache,
        Referer: before?.Referer,
        CacheKey: before?.CacheKey,
      },
    });
    fx.clock.advance(CHANGE_MS);

    expect(response.Error).toBeUndefined();
    expect(await config('img.example.com')).toEqual(before);
  });

  it('puts the domain in processing for the change duration, then back to the status it had', async () => {
    await start();

    await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'www.example.com', ServiceType: 'download' },
    });
    await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'api.example.com', ServiceType: 'download' },
    });
    const during = [await status('www.example.com'), await status('api.example.com')];
    const busy = await errorCode('UpdateDomainConfig', { Domain: 'www.example.com', ServiceType: 'web' });
    fx.clock.advance(CHANGE_MS);
    const after = [await status('www.example.com'), await status('api.example.com')];

    expect(during).toEqual(['processing', 'processing']);
    expect(busy).toBe('ResourceInUse.CdnOpInProgress');
    expect(after).toEqual(['online', 'offline']);
    expect(fx.sandbox.domain('www.example.com').serviceType).toBe('download');
  });

  it('accepts the default project, projects of the account and projects its domains use', async () => {
    await start({ accounts: [{ ...DEMO_TENCENT_ACCOUNT, projects: [42] }], changeDurationMs: 0 });

    const answers = [
      await errorCode('UpdateDomainConfig', { Domain: 'www.example.com', ProjectId: 42 }),
      await errorCode('UpdateDomainConfig', { Domain: 'www.example.com', ProjectId: 1000123 }),
      await errorCode('UpdateDomainConfig', { Domain: 'www.example.com', ProjectId: 0 }),
      await errorCode('UpdateDomainConfig', { Domain: 'www.example.com', ProjectId: 7 }),
    ];

    expect(answers).toEqual([undefined, undefined, undefined, 'ResourceNotFound.CdnProjectNotExists']);
  });

  it('accepts 100 cache rules and refuses 101', async () => {
    await start({ changeDurationMs: 0 });
    const rules = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        CacheType: 'path',
        CacheContents: [`/p${i}`],
        CacheTime: 60,
      }));

    const hundred = await errorCode('UpdateDomainConfig', {
      Domain: 'www.example.com',
      Cache: { SimpleCache: { CacheRules: rules(100) } },
    });
    const hundredAndOne = await errorCode('UpdateDomainConfig', {
      Domain: 'www.example.com',
      Cache: { SimpleCache: { CacheRules: rules(101) } },
    });

    expect(hundred).toBeUndefined();
    expect(hundredAndOne).toBe('LimitExceeded.CdnConfigTooManyCacheRules');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown domain', { Domain: 'nope.example.com', ProjectId: 0 }, 'ResourceNotFound.CdnHostNotExists'],
    ['a domain still processing', { Domain: 'm.example.com', ProjectId: 0 }, 'ResourceInUse.CdnOpInProgress'],
    ['an unknown project', { ProjectId: 99 }, 'ResourceNotFound.CdnProjectNotExists'],
    [
      'a service type it does not take',
      { ServiceType: 'hybrid' },
      'InvalidParameter.CdnInvalidParamServiceType',
    ],
    [
      'a cache type that does not exist',
      {
        Cache: {
          SimpleCache: { CacheRules: [{ CacheType: 'suffix', CacheContents: ['js'], CacheTime: 1 }] },
        },
      },
      'InvalidParameter.CdnConfigInvalidCache',
    ],
    [
      'a cache time over 365 days',
      {
        Cache: {
          SimpleCache: { CacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 31_536_001 }] },
        },
      },
      'InvalidParameter.CdnConfigInvalidCache',
    ],
    ['referer on without rules', { Referer: { Switch: 'on' } }, 'InvalidParameter.CdnParamError'],
    [
      'an ip origin that is a host name',
      { Origin: { Origins: ['origin.example.com'], OriginType: 'ip' } },
      'InvalidParameter.CdnParamError',
    ],
    ['an Origin without Origins', { Origin: { OriginType: 'domain' } }, 'MissingParameter'],
    ['an unknown parameter', { Compression: { Switch: 'on' } }, 'UnknownParameter'],
    [
      'an unknown field inside an object',
      { Cache: { SimpleCache: { CacheRules: [], Heuristic: 'on' } } },
      'UnknownParameter',
    ],
  ])('refuses %s with %s, changing nothing', async (_case, params, code) => {
    await start();
    const before = await config('www.example.com');

    const response = await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'www.example.com', ProjectId: 1000123, ...params },
    });

    expect(response.Error?.Code).toBe(code);
    expect(await config('www.example.com')).toEqual(before);
  });

  it('names the unknown field in the message', async () => {
    await start();

    const response = await fx.call({
      action: 'UpdateDomainConfig',
      params: { Domain: 'www.example.com', Cache: { SimpleCache: { CacheRules: [], Heuristic: 'on' } } },
    });

    expect(response.Error?.Message).toContain('Cache.SimpleCache.Heuristic');
  });
});

describe('Tencent sandbox AddCdnDomain', () => {
  it('adds a domain that is processing at once and online after the change duration', async () => {
    await start();

    const response = await fx.call({
      action: 'AddCdnDomain',
      params: {
        Domain: 'new.example.com',
        ServiceType: 'web',
        Origin: { Origins: ['203.0.113.7:80'], OriginType: 'ip' },
        ProjectId: 1000123,
      },
    });
    const added = await config('new.example.com');
    fx.clock.advance(CHANGE_MS);

    expect(response.Error).toBeUndefined();
    expect(added).toEqual(
      expect.objectContaining({
        Domain: 'new.example.com',
        ResourceId: expect.stringMatching(/^cdn-[0-9a-f]{8}$/),
        Cname: 'new.example.com.cdn.dnsv1.com',
        Status: 'processing',
        ServiceType: 'web',
        ProjectId: 1000123,
        Area: 'mainland',
        Origin: expect.objectContaining({
          Origins: ['203.0.113.7:80'],
          OriginType: 'ip',
          ServerName: 'new.example.com',
        }),
      }),
    );
    expect(await status('new.example.com')).toBe('online');
  });

  it('answers CdnHostExists for a domain already in the account', async () => {
    await start();

    const code = await errorCode('AddCdnDomain', {
      Domain: 'WWW.example.com',
      ServiceType: 'web',
      Origin: { Origins: ['origin.example.com'], OriginType: 'domain' },
    });

    expect(code).toBe('ResourceInUse.CdnHostExists');
  });

  it('refuses a domain another account has added', async () => {
    const other = { secretId: 'AKIDsandboxother00000000000000000000', secretKey: 'other-key', domains: [] };
    await start({ accounts: [DEMO_TENCENT_ACCOUNT, other] });

    const response = await callApi(fx.sandbox.url, other, fx.clock, {
      action: 'AddCdnDomain',
      params: {
        Domain: 'www.example.com',
        ServiceType: 'web',
        Origin: { Origins: ['origin.example.com'], OriginType: 'domain' },
      },
    });

    expect(response.Error?.Code).toBe('UnauthorizedOperation.CdnHostIsUsedByOther');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a service type that does not exist', { ServiceType: 'video' }, 'InvalidParameter.CdnParamError'],
    ['a malformed domain', { Domain: 'not a domain' }, 'InvalidParameter.CdnConfigInvalidHost'],
    ['an unknown project', { ProjectId: 5 }, 'ResourceNotFound.CdnProjectNotExists'],
    [
      'a domain origin that is an IP',
      { Origin: { Origins: ['203.0.113.7'], OriginType: 'domain' } },
      'InvalidParameter.CdnParamError',
    ],
    ['no Origin', { Origin: undefined }, 'MissingParameter'],
    ['an unknown parameter', { Compression: { Switch: 'on' } }, 'UnknownParameter'],
  ])('refuses %s with %s', async (_case, params, code) => {
    await start();

    const response = await fx.call({
      action: 'AddCdnDomain',
      params: {
        Domain: 'new.example.com',
        ServiceType: 'web',
        Origin: { Origins: ['origin.example.com'], OriginType: 'domain' },
        ...params,
      },
    });

    expect(response.Error?.Code).toBe(code);
    expect(await status('new.example.com')).toBeUndefined();
  });
});
