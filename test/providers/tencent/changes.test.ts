import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  type SandboxDomain,
  startTencentSandbox,
  type TencentSandbox,
} from '../../../sandbox/tencent/index.ts';
import { ProviderError, UsageError } from '../../../src/errors.ts';
import { createTencentProvider } from '../../../src/providers/tencent/index.ts';
import type { CdnProvider, RefererSetting } from '../../../src/providers/types.ts';
import { providerOnSandbox } from './provider-on-sandbox.ts';

const SECRET_ID = 'AKIDcdnopsChangesTest';
const SECRET_KEY = 'changes-test-secret-key';
/** 2026-11-23 10:00:00 in Beijing. */
const START = Date.UTC(2026, 10, 23, 2, 0, 0);
const CHANGE_MS = 30_000;

interface Harness {
  clock: ManualClock;
  sandbox: TencentSandbox;
  provider: CdnProvider;
  /** The params of every call of this action, in order. */
  paramsOf(action: string): unknown[];
  /** The RequestId the sandbox gave the only call of this action. */
  requestIdOf(action: string): string;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** www.example.com (online, FollowOrigin on, https origin pull) and api.example.com (offline). */
const DOMAINS: SandboxDomain[] = [
  {
    domain: 'www.example.com',
    origins: ['origin.example.com'],
    originType: 'domain',
    serverName: 'origin.example.com',
    originPullProtocol: 'https',
    cacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 600 }],
    cacheSwitches: { FollowOrigin: 'on', IgnoreSetCookie: 'on' },
    fullUrlCache: true,
    cacheKeyIgnoreCase: 'on',
    referer: {
      Switch: 'on',
      RefererRules: [
        {
          RuleType: 'directory',
          RulePaths: ['/private'],
          RefererType: 'whitelist',
          Referers: ['intranet.example.com'],
          AllowEmpty: false,
        },
      ],
    },
  },
  { domain: 'api.example.com', status: 'offline', origins: ['203.0.113.8:8080'], originType: 'ip' },
];

async function startHarness(options: { changeDurationMs?: number } = {}): Promise<Harness> {
  const clock = createManualClock(START);
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, domains: DOMAINS, projects: [1000123] }],
    changeDurationMs: options.changeDurationMs ?? CHANGE_MS,
  });
  cleanups.push(() => sandbox.close());
  const provider = providerOnSandbox(sandbox, { secretId: SECRET_ID, secretKey: SECRET_KEY }, clock);
  const callsOf = (action: string) => sandbox.calls.filter((call) => call.action === action);
  return {
    clock,
    sandbox,
    provider,
    paramsOf: (action) => callsOf(action).map((call) => call.params),
    requestIdOf(action) {
      const calls = callsOf(action);
      expect(calls).toHaveLength(1);
      return calls[0]!.requestId;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

describe('Tencent start, stop and delete', () => {
  it('stops a domain and follows processing until it is offline', async () => {
    const { provider, sandbox, clock, paramsOf, requestIdOf } = await startHarness();

    const result = await provider.stopDomain!('www.example.com');

    expect(result).toEqual({
      requestId: requestIdOf('StopCdnDomain'),
      state: 'done',
      message: 'www.example.com is offline.',
    });
    expect(paramsOf('StopCdnDomain')).toEqual([{ Domain: 'www.example.com' }]);
    expect(sandbox.domain('www.example.com').status).toBe('offline');
    // Polled with growing gaps (2 s, 4 s, 8 s, 16 s) until the 30 s change had ended.
    expect(paramsOf('DescribeDomains')).toHaveLength(4);
    expect(paramsOf('DescribeDomains')[0]).toEqual({
      Offset: 0,
      Limit: 100,
      Filters: [{ Name: 'domain', Value: ['www.example.com'] }],
    });
    expect(clock.now() - START).toBe(30_000);
  });

  it('starts a domain and follows processing until it is online', async () => {
    const { provider, sandbox, requestIdOf } = await startHarness();

    const result = await provider.startDomain!('api.example.com');

    expect(result).toEqual({
      requestId: requestIdOf('StartCdnDomain'),
      state: 'done',
      message: 'api.example.com is online.',
    });
    expect(sandbox.domain('api.example.com').status).toBe('online');
  });

  it('surfaces ResourceUnavailable.CdnHostIsNotOffline with its RequestId when deleting an online domain', async () => {
    const { provider, sandbox, paramsOf, requestIdOf } = await startHarness();

    const error = await rejection(provider.deleteDomain!('www.example.com'));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      account: 'tencent-test',
      providerCode: 'ResourceUnavailable.CdnHostIsNotOffline',
      requestId: requestIdOf('DeleteCdnDomain'),
      retryable: false,
    });
    expect(paramsOf('DescribeDomains')).toEqual([]);
    expect(sandbox.domain('www.example.com').status).toBe('online');
  });

  it('deletes an offline domain and reports done once it is gone', async () => {
    const { provider, requestIdOf } = await startHarness();

    const result = await provider.deleteDomain!('api.example.com');

    expect(result).toEqual({
      requestId: requestIdOf('DeleteCdnDomain'),
      state: 'done',
      message: 'api.example.com is deleted.',
    });
    expect((await provider.listDomains()).map((domain) => domain.domain)).toEqual(['www.example.com']);
  });

  it('stops following after 10 minutes and reports the change as pending', async () => {
    const { provider, clock, sandbox, requestIdOf } = await startHarness({ changeDurationMs: 20 * 60_000 });

    const result = await provider.stopDomain!('www.example.com');

    expect(result).toEqual({
      requestId: requestIdOf('StopCdnDomain'),
      state: 'pending',
      message: 'www.example.com is still processing after 10 minutes; Tencent is still applying the change.',
    });
    expect(clock.now() - START).toBeGreaterThanOrEqual(10 * 60_000);
    expect(clock.now() - START).toBeLessThan(11 * 60_000);
    expect(sandbox.domain('www.example.com').status).toBe('processing');
  });

  it('reports a change as failed when the domain leaves processing in another status', async () => {
    // Scripted: the sandbox always finishes a start, Tencent may not (e.g. the domain is rejected).
    const clock = createManualClock(START);
    const provider = createTencentProvider(
      'tencent-test',
      {
        call: async (action, _params, schema) =>
          schema.parse(
            action === 'DescribeDomains'
              ? {
                  Domains: [{ ResourceId: 'cdn-1', Domain: 'api.example.com', Status: 'rejected' }],
                  TotalNumber: 1,
                  RequestId: 'poll',
                }
              : { RequestId: 'req-start' },
          ),
      },
      clock.now,
      clock,
    );

    const result = await provider.startDomain!('api.example.com');

    expect(result).toEqual({
      requestId: 'req-start',
      state: 'failed',
      message: 'api.example.com ended rejected instead of online.',
    });
  });
});

describe('Tencent updateDomainConfig', () => {
  it('sends the cache change as a whole SimpleCache, keeping FollowOrigin and the other switches it read', async () => {
    const { provider, sandbox, paramsOf, requestIdOf } = await startHarness();

    const result = await provider.updateDomainConfig!('www.example.com', {
      cacheRules: [
        { type: 'file', contents: ['jpg', 'png'], seconds: 86_400 },
        { type: 'directory', contents: ['/static'], seconds: 3_600 },
      ],
    });

    expect(paramsOf('UpdateDomainConfig')).toEqual([
      {
        Domain: 'www.example.com',
        Cache: {
          SimpleCache: {
            CacheRules: [
              { CacheType: 'file', CacheContents: ['jpg', 'png'], CacheTime: 86_400 },
              { CacheType: 'directory', CacheContents: ['/static'], CacheTime: 3_600 },
            ],
            FollowOrigin: 'on',
            IgnoreCacheControl: 'off',
            IgnoreSetCookie: 'on',
            CompareMaxAge: 'off',
            // Path was null when read: nulls are not sent back.
            Revalidate: { Switch: 'off' },
          },
        },
      },
    ]);
    expect(result).toEqual({
      requestId: requestIdOf('UpdateDomainConfig'),
      state: 'done',
      message: 'www.example.com is online.',
    });
    expect(sandbox.domain('www.example.com').cacheSwitches).toEqual({
      FollowOrigin: 'on',
      IgnoreCacheControl: 'off',
      IgnoreSetCookie: 'on',
      CompareMaxAge: 'off',
    });
    const [detail] = await provider.describeDomains(['www.example.com']);
    expect(detail?.followOrigin).toBe(true);
    expect(detail?.cacheRules).toEqual([
      { type: 'file', contents: ['jpg', 'png'], seconds: 86_400 },
      { type: 'directory', contents: ['/static'], seconds: 3_600 },
    ]);
  });

  it('reads the configuration once, then sends only the objects that change', async () => {
    const { provider, paramsOf } = await startHarness();

    await provider.updateDomainConfig!('www.example.com', { projectId: 1000123 });

    expect(paramsOf('DescribeDomainsConfig')).toEqual([
      { Offset: 0, Limit: 100, Filters: [{ Name: 'domain', Value: ['www.example.com'] }] },
    ]);
    expect(paramsOf('UpdateDomainConfig')).toEqual([{ Domain: 'www.example.com', ProjectId: 1000123 }]);
  });

  it.each<[string, Exclude<RefererSetting, { mode: 'off' }>, string, boolean]>([
    [
      'allow with empty referers let in',
      { mode: 'allow', referers: ['*.example.com', 'example.com'], allowEmpty: true },
      'whitelist',
      true,
    ],
    [
      'allow with empty referers refused',
      { mode: 'allow', referers: ['example.com'], allowEmpty: false },
      'whitelist',
      false,
    ],
    // On a blacklist AllowEmpty true means empty referers are *refused*.
    [
      'deny with empty referers let in',
      { mode: 'deny', referers: ['bad.example.org'], allowEmpty: true },
      'blacklist',
      false,
    ],
    [
      'deny with empty referers refused',
      { mode: 'deny', referers: ['bad.example.org'], allowEmpty: false },
      'blacklist',
      true,
    ],
  ])('sets referer %s as one rule for all paths', async (_case, setting, refererType, allowEmpty) => {
    const { provider, paramsOf } = await startHarness();

    const result = await provider.updateDomainConfig!('www.example.com', { referer: setting });

    expect(result.state).toBe('done');
    expect(paramsOf('UpdateDomainConfig')).toEqual([
      {
        Domain: 'www.example.com',
        Referer: {
          Switch: 'on',
          RefererRules: [
            {
              RuleType: 'all',
              RulePaths: ['*'],
              RefererType: refererType,
              Referers: setting.referers,
              AllowEmpty: allowEmpty,
            },
          ],
        },
      },
    ]);
    const rules = await provider.accessRules!('www.example.com');
    expect(rules.map((rule) => rule.referer?.allowEmpty)).toEqual([setting.allowEmpty]);
  });

  it('switches referer off, sending back the rules it read', async () => {
    const { provider, paramsOf } = await startHarness();

    await provider.updateDomainConfig!('www.example.com', { referer: { mode: 'off' } });

    expect(paramsOf('UpdateDomainConfig')).toEqual([
      {
        Domain: 'www.example.com',
        Referer: {
          Switch: 'off',
          RefererRules: [
            {
              RuleType: 'directory',
              RulePaths: ['/private'],
              RefererType: 'whitelist',
              Referers: ['intranet.example.com'],
              AllowEmpty: false,
            },
          ],
        },
      },
    ]);
    expect(await provider.accessRules!('www.example.com')).toEqual([]);
  });

  it('changes the origin host within the whole Origin it read, fields cdnops does not name included', async () => {
    const { provider, sandbox, paramsOf } = await startHarness();

    await provider.updateDomainConfig!('www.example.com', { originHost: 'assets.example.com' });

    expect(paramsOf('UpdateDomainConfig')).toEqual([
      {
        Domain: 'www.example.com',
        Origin: {
          Origins: ['origin.example.com'],
          OriginType: 'domain',
          ServerName: 'assets.example.com',
          CosPrivateAccess: 'off',
          OriginPullProtocol: 'https',
          BackupOrigins: [],
        },
      },
    ]);
    expect(sandbox.domain('www.example.com')).toMatchObject({
      serverName: 'assets.example.com',
      originPullProtocol: 'https',
    });
  });

  it('changes full-URL caching within the whole CacheKey it read', async () => {
    const { provider, sandbox, paramsOf } = await startHarness();

    await provider.updateDomainConfig!('www.example.com', { fullUrlCache: false });

    expect(paramsOf('UpdateDomainConfig')).toEqual([
      { Domain: 'www.example.com', CacheKey: { FullUrlCache: 'off', IgnoreCase: 'on' } },
    ]);
    expect(sandbox.domain('www.example.com')).toMatchObject({
      fullUrlCache: false,
      cacheKeyIgnoreCase: 'on',
    });
  });

  it('sends several changes in one UpdateDomainConfig', async () => {
    const { provider, paramsOf } = await startHarness();

    await provider.updateDomainConfig!('www.example.com', { projectId: 0, fullUrlCache: true });

    expect(paramsOf('UpdateDomainConfig')).toEqual([
      { Domain: 'www.example.com', ProjectId: 0, CacheKey: { FullUrlCache: 'on', IgnoreCase: 'on' } },
    ]);
  });

  it('surfaces a refused update with Tencent’s code and RequestId', async () => {
    const { provider, requestIdOf } = await startHarness();

    const error = await rejection(provider.updateDomainConfig!('www.example.com', { projectId: 404 }));

    expect(error).toMatchObject({
      providerCode: 'ResourceNotFound.CdnProjectNotExists',
      requestId: requestIdOf('UpdateDomainConfig'),
    });
  });

  it('refuses a domain the account does not have without writing anything', async () => {
    const { provider, paramsOf } = await startHarness();

    const error = await rejection(provider.updateDomainConfig!('nope.example.com', { projectId: 0 }));

    expect(error).toBeInstanceOf(UsageError);
    expect(paramsOf('UpdateDomainConfig')).toEqual([]);
  });

  it('calls nothing for an empty change', async () => {
    const { provider, sandbox } = await startHarness();

    const result = await provider.updateDomainConfig!('www.example.com', {});

    expect(result).toEqual({ requestId: undefined, state: 'done', message: 'Nothing to change.' });
    expect(sandbox.calls).toEqual([]);
  });
});

describe('Tencent addDomain', () => {
  it.each([
    ['IP origins as ip', ['203.0.113.7', '203.0.113.8:8080'], 'ip'],
    ['a domain origin as domain', ['origin.example.net'], 'domain'],
  ])('adds a domain with %s and follows it until online', async (_case, origins, originType) => {
    const { provider, sandbox, paramsOf, requestIdOf } = await startHarness();

    const result = await provider.addDomain!({
      domain: 'new.example.com',
      origins: [...origins],
      serviceType: 'download',
      projectId: 1000123,
    });

    expect(paramsOf('AddCdnDomain')).toEqual([
      {
        Domain: 'new.example.com',
        ServiceType: 'download',
        Origin: { Origins: origins, OriginType: originType },
        ProjectId: 1000123,
      },
    ]);
    expect(result).toEqual({
      requestId: requestIdOf('AddCdnDomain'),
      state: 'done',
      message: 'new.example.com is online.',
    });
    expect(sandbox.domain('new.example.com')).toMatchObject({
      status: 'online',
      cname: 'new.example.com.cdn.dnsv1.com',
    });
  });

  it('leaves ProjectId out when none is given', async () => {
    const { provider, paramsOf } = await startHarness();

    await provider.addDomain!({
      domain: 'new.example.com',
      origins: ['origin.example.net'],
      serviceType: 'web',
    });

    expect(paramsOf('AddCdnDomain')).toEqual([
      {
        Domain: 'new.example.com',
        ServiceType: 'web',
        Origin: { Origins: ['origin.example.net'], OriginType: 'domain' },
      },
    ]);
  });

  it('surfaces ResourceInUse.CdnHostExists for a domain already added', async () => {
    const { provider, requestIdOf } = await startHarness();

    const error = await rejection(
      provider.addDomain!({ domain: 'www.example.com', origins: ['origin.example.com'], serviceType: 'web' }),
    );

    expect(error).toMatchObject({
      providerCode: 'ResourceInUse.CdnHostExists',
      requestId: requestIdOf('AddCdnDomain'),
    });
  });
});
