import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  type Fault,
  type SandboxCertificate,
  type SandboxDomain,
  startTencentSandbox,
  type TencentSandbox,
  type TencentSandboxOptions,
} from '../../../sandbox/tencent/index.ts';
import type { Clock } from '../../../src/clock.ts';
import { ProviderError } from '../../../src/errors.ts';
import type { Logger } from '../../../src/logger.ts';
import { countProviderCalls } from '../../../src/providers/call-count.ts';
import { sslEndpoint, TencentAccount } from '../../../src/providers/tencent/account.ts';
import { createTencentProvider, tencent } from '../../../src/providers/tencent/index.ts';
import type { CdnProvider } from '../../../src/providers/types.ts';

const SECRET_ID = 'AKIDcdnopsClientTest';
const SECRET_KEY = 'client-test-secret-key';
/** 2026-11-23 10:00:00 in Beijing. */
const START = Date.UTC(2026, 10, 23, 2, 0, 0);

interface Retry {
  attempt: number;
  delayMs: number;
  code: string;
}

interface Harness {
  clock: ManualClock;
  sandbox: TencentSandbox;
  provider: CdnProvider;
  /** What the client logged each time it decided to try again. */
  retries: Retry[];
  callsOf(action: string): TencentSandbox['calls'];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startHarness(
  options: {
    domains?: SandboxDomain[];
    certificates?: SandboxCertificate[];
    quotas?: TencentSandboxOptions['quotas'];
    secretKey?: string;
    timeoutMs?: number;
    /** The provider's clock, when it must differ from the sandbox's manual clock. */
    providerClock?: (clock: ManualClock, sandbox: TencentSandbox) => Clock;
    dispatcher?: Dispatcher;
  } = {},
): Promise<Harness> {
  const clock = createManualClock(START);
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [
      {
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        domains: options.domains ?? [],
        certificates: options.certificates ?? [],
      },
    ],
    ...(options.quotas ? { quotas: options.quotas } : {}),
  });
  cleanups.push(() => sandbox.close());
  const retries: Retry[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    error() {},
    warn: (_message, meta) =>
      retries.push({
        attempt: Number(meta?.attempt),
        delayMs: Number(meta?.delayMs),
        code: String(meta?.code),
      }),
  };
  const account = TencentAccount.parse({
    kind: 'tencent',
    secretId: SECRET_ID,
    secretKey: options.secretKey ?? SECRET_KEY,
    endpoint: sandbox.url,
  });
  const provider = tencent.create('tencent-test', account, {
    clock: options.providerClock?.(clock, sandbox) ?? clock,
    logger,
    random: () => 0.5,
    timeoutMs: options.timeoutMs ?? 5_000,
    dispatcher: options.dispatcher,
  });
  return {
    clock,
    sandbox,
    provider,
    retries,
    callsOf: (action) => sandbox.calls.filter((call) => call.action === action),
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const TWO_DOMAINS: SandboxDomain[] = [{ domain: 'www.example.com' }, { domain: 'img.example.com' }];

describe('Tencent client: when the API fails', () => {
  it.each<[string, Fault, string[]]>([
    ['throttled once', { kind: 'error', code: 'RequestLimitExceeded' }, ['RequestLimitExceeded']],
    [
      'an internal error twice',
      { kind: 'error', code: 'InternalError', times: 2 },
      ['InternalError', 'InternalError'],
    ],
    [
      'a domain busy with another change',
      { kind: 'error', code: 'ResourceInUse.CdnOpInProgress' },
      ['ResourceInUse.CdnOpInProgress'],
    ],
    ['a gateway 502', { kind: 'http5xx', status: 502 }, ['HTTP502']],
    ['an answer that is not JSON', { kind: 'malformed' }, ['MalformedResponse']],
  ])('retries %s and then returns the real answer', async (_case, fault, retriedCodes) => {
    const { provider, sandbox, retries, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', ...fault });

    const domains = await provider.listDomains();

    expect(domains.map((domain) => domain.domain)).toEqual(['www.example.com', 'img.example.com']);
    expect(retries.map((retry) => retry.code)).toEqual(retriedCodes);
    expect(callsOf('DescribeDomains')).toHaveLength(retriedCodes.length + 1);
  });

  it('retries a dropped connection as a network error', async () => {
    const { provider, sandbox, retries, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'reset' });

    const domains = await provider.listDomains();

    expect(domains).toHaveLength(2);
    expect(callsOf('DescribeDomains').map((call) => call.httpStatus)).toEqual([0, 200]);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 225, code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) },
    ]);
  });

  it('gives up after 4 attempts of HTTP 503 with a retryable error naming the status', async () => {
    const { provider, sandbox, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'http5xx', status: 503, times: 4 });

    const error = await rejection(provider.listDomains());

    expect(error).toMatchObject({
      account: 'tencent-test',
      providerCode: 'HTTP503',
      httpStatus: 503,
      retryable: true,
      message: `${new URL(sandbox.url).host} answered HTTP 503 to DescribeDomains`,
    });
    expect(callsOf('DescribeDomains')).toHaveLength(4);
  });

  it('gives up on answers that are never JSON with a MalformedResponse error', async () => {
    const { provider, sandbox, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'malformed', times: 4 });

    const error = await rejection(provider.listDomains());

    expect(error).toMatchObject({
      providerCode: 'MalformedResponse',
      message: 'DescribeDomains answered with something that is not JSON',
    });
    expect(callsOf('DescribeDomains')).toHaveLength(4);
  });

  it('does not retry a wrong secret key, and keeps Tencent’s code, message and request id', async () => {
    const { provider, sandbox, retries } = await startHarness({
      domains: TWO_DOMAINS,
      secretKey: 'not-the-right-key',
    });

    const error = await rejection(provider.listDomains());

    expect(sandbox.calls).toHaveLength(1);
    expect(retries).toEqual([]);
    expect(error).toMatchObject({
      providerCode: 'AuthFailure.SignatureFailure',
      message: 'The provided credentials could not be validated: the signature does not match.',
      requestId: sandbox.calls[0]!.requestId,
      retryable: false,
    });
  });

  it('does not retry a purge of a domain the account does not have', async () => {
    const { provider, callsOf } = await startHarness({ domains: TWO_DOMAINS });

    const error = await rejection(
      provider.purgeUrls(['https://other.example.org/a.js'], { urlEncode: false }),
    );

    expect(error).toMatchObject({ providerCode: 'ResourceNotFound.CdnHostNotExists', retryable: false });
    expect(callsOf('PurgeUrlsCache')).toHaveLength(1);
  });

  it('times out an answer slower than timeoutMs and retries it', async () => {
    const { provider, sandbox, retries, callsOf } = await startHarness({
      domains: TWO_DOMAINS,
      timeoutMs: 100,
    });
    // The only real wait in this file: the sandbox holds the answer 300 ms of real time, the client waits 100.
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'slow', delayMs: 300 });

    const domains = await provider.listDomains();

    expect(domains).toHaveLength(2);
    expect(retries.map((retry) => retry.code)).toEqual(['Timeout']);
    expect(callsOf('DescribeDomains')).toHaveLength(2);
  });

  it('waits 225, 450 and 900 ms between attempts when the jitter is fixed at one half', async () => {
    const { provider, sandbox, retries, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'error', code: 'InternalError', times: 3 });

    await provider.listDomains();

    const at = callsOf('DescribeDomains').map((call) => call.at - START);
    // ceiling = min(5000, 300 · 2^(n-1)); delay = ceiling/2 + random · ceiling/2, so 0.75 · ceiling at 0.5.
    expect(at).toEqual([0, 225, 675, 1575]);
    expect(retries.map((retry) => retry.delayMs)).toEqual([225, 450, 900]);
  });

  it('takes RequestLimitExceeded as a wrong budget: waits a whole window, and warns once per action', async () => {
    const { provider, sandbox, retries, callsOf } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'error', code: 'RequestLimitExceeded', times: 2 });

    await provider.listDomains();
    sandbox.faults.push({ action: 'DescribeDomains', kind: 'error', code: 'RequestLimitExceeded' });
    await provider.listDomains();

    const at = callsOf('DescribeDomains').map((call) => call.at - START);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1_000);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(1_000);
    // Three throttled calls, one warning: the rest went to debug.
    expect(retries.map((retry) => retry.code)).toEqual(['RequestLimitExceeded']);
  });
});

/** An agent that counts the requests handed to it, so a test can tell which ones the sandbox has not seen yet. */
class CountingAgent extends Agent {
  dispatched = 0;

  override dispatch(options: Agent.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    return super.dispatch(options, handler);
  }
}

/**
 * The manual clock jumps forward as soon as someone sleeps, while requests sent a moment earlier are still on
 * their way to the sandbox, which would then stamp them with the later time. This clock lets time move only once
 * every request sent so far has arrived, so `calls[].at` is the time each request was let through.
 */
function clockThatWaitsForArrivals(clock: ManualClock, arrived: () => number, sent: () => number): Clock {
  return {
    now: () => clock.now(),
    async sleep(ms) {
      do await new Promise((resolve) => setImmediate(resolve));
      while (arrived() < sent());
      await clock.sleep(ms);
    },
  };
}

/** Most calls of one action that fall within any [t, t + windowMs) of clock time. */
function busiestWindow(calls: readonly { at: number }[], windowMs: number): number {
  return Math.max(
    0,
    ...calls.map(
      (call) => calls.filter((other) => other.at >= call.at && other.at < call.at + windowMs).length,
    ),
  );
}

describe('Tencent client: pacing', () => {
  it('sends 20 requests of one action in a second and never more, however many callers wait, with none refused', async () => {
    const agent = new CountingAgent();
    cleanups.push(() => agent.close());
    const { provider, sandbox, callsOf } = await startHarness({
      dispatcher: agent,
      providerClock: (clock, sandbox) =>
        clockThatWaitsForArrivals(
          clock,
          () => sandbox.calls.length,
          () => agent.dispatched,
        ),
    });

    const quotas = await Promise.all(Array.from({ length: 40 }, () => provider.getQuota()));

    expect(quotas).toHaveLength(40);
    expect(sandbox.calls.every((call) => call.errorCode === undefined)).toBe(true);
    expect({
      purge: busiestWindow(callsOf('DescribePurgeQuota'), 1_000),
      push: busiestWindow(callsOf('DescribePushQuota'), 1_000),
    }).toEqual({ purge: 20, push: 20 });
    expect(callsOf('DescribePurgeQuota')).toHaveLength(40);
  });
});

describe('Tencent client: the SSL Certificate service', () => {
  it('sends DescribeCertificateDetail signed for ssl, at most 10 a second (its own limit), with none refused', async () => {
    const agent = new CountingAgent();
    cleanups.push(() => agent.close());
    const certificates = Array.from({ length: 25 }, (_, index) => ({
      certId: `Cert${String(index).padStart(4, '0')}`,
      domains: [`site${index}.example.com`],
    }));
    const { provider, sandbox, callsOf } = await startHarness({
      certificates,
      dispatcher: agent,
      providerClock: (clock, sandbox) =>
        clockThatWaitsForArrivals(
          clock,
          () => sandbox.calls.length,
          () => agent.dispatched,
        ),
    });

    const answer = await provider.certificateDetails!(certificates.map((certificate) => certificate.certId));

    expect(answer.unavailable).toEqual(new Map());
    expect(answer.details.get('Cert0003')).toMatchObject({
      subject: 'site3.example.com',
      sans: ['site3.example.com'],
    });
    expect(sandbox.calls.every((call) => call.errorCode === undefined)).toBe(true);
    expect(busiestWindow(callsOf('DescribeCertificateDetail'), 1_000)).toBe(10);
  });

  it('counts each certificate look-up against the account like any other call, once per distinct id', async () => {
    const { provider } = await startHarness({
      certificates: [
        { certId: 'CertA001', domains: ['a.example.com'] },
        { certId: 'CertB001', domains: ['b.example.com'] },
      ],
    });

    const { value, calls } = await countProviderCalls(() =>
      provider.certificateDetails!(['CertA001', 'CertB001', 'CertA001', 'Missing9']),
    );

    expect(calls).toEqual({ 'tencent-test DescribeCertificateDetail': 3 });
    expect([...value.details.keys()].sort()).toEqual(['CertA001', 'CertB001']);
    expect(value.unavailable.get('Missing9')).toMatch(
      /^FailedOperation\.CertificateNotFound: Certificate does not exist\. \(request /,
    );
  });

  it('finds the SSL endpoint beside the CDN one, or uses a local stand-in’s own address', () => {
    const endpoint = (url: string) => sslEndpoint({ endpoint: url, sslEndpoint: undefined });
    expect(endpoint('https://cdn.tencentcloudapi.com')).toBe('https://ssl.tencentcloudapi.com/');
    expect(endpoint('https://cdn.intl.tencentcloudapi.com')).toBe('https://ssl.intl.tencentcloudapi.com/');
    expect(endpoint('http://127.0.0.1:4100')).toBe('http://127.0.0.1:4100');
    expect(
      sslEndpoint({ endpoint: 'https://cdn.tencentcloudapi.com', sslEndpoint: 'https://ssl.example' }),
    ).toBe('https://ssl.example');
  });
});

describe('Tencent client: real data', () => {
  it('lists an account without domains as empty after one call', async () => {
    const { provider, callsOf } = await startHarness();

    const domains = await provider.listDomains();

    expect(domains).toEqual([]);
    expect(callsOf('DescribeDomains')).toHaveLength(1);
  });

  it('pages through more than 1000 domains', async () => {
    const seeded = Array.from({ length: 1_234 }, (_, index) => ({ domain: `d${index}.example.com` }));
    const { provider, callsOf } = await startHarness({ domains: seeded });

    const domains = await provider.listDomains();

    expect(callsOf('DescribeDomains').map((call) => call.params)).toEqual([
      { Offset: 0, Limit: 1000 },
      { Offset: 1000, Limit: 1000 },
    ]);
    expect(domains.map((domain) => domain.domain)).toEqual(seeded.map((seed) => seed.domain));
  });

  it('maps a domain summary to the shared shape', async () => {
    const { provider } = await startHarness({
      domains: [
        {
          domain: 'static.example.com',
          resourceId: 'cdn-7f2pd9wa',
          status: 'processing',
          area: 'global',
          projectId: 1000123,
          serviceType: 'download',
          origins: ['static-1250000000.cos.ap-guangzhou.myqcloud.com'],
        },
      ],
    });

    const [summary] = await provider.listDomains();

    expect(summary).toEqual({
      domain: 'static.example.com',
      id: 'cdn-7f2pd9wa',
      status: 'processing',
      cname: 'static.example.com.cdn.dnsv1.com',
      origins: ['static-1250000000.cos.ap-guangzhou.myqcloud.com'],
      serviceType: 'download',
      area: 'global',
      projectId: 1000123,
      disabledReason: undefined,
      updatedAt: '2026-11-23 10:00:00',
    });
  });

  it('describes domains with filters of at most 5 names, returning only the ones that exist', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => `${letter}.example.com`);
    const { provider, callsOf } = await startHarness({
      domains: [...names.map((domain) => ({ domain })), { domain: 'img.example.com' }],
    });

    const details = await provider.describeDomains([
      ...names,
      'a.example.com',
      'img.example.com',
      'nope.example.com',
    ]);

    expect(callsOf('DescribeDomainsConfig').map((call) => call.params)).toEqual([
      { Offset: 0, Limit: 100, Filters: [{ Name: 'domain', Value: names }] },
      {
        Offset: 0,
        Limit: 100,
        Filters: [{ Name: 'domain', Value: ['img.example.com', 'nope.example.com'] }],
      },
    ]);
    expect(details.map((detail) => detail.domain)).toEqual([...names, 'img.example.com']);
  });

  it('keeps only exact names when Tencent’s domain filter also matches longer names', async () => {
    // The sandbox filters exactly; some real accounts match substrings, so this answer is scripted.
    const brief = (domain: string) => ({ ResourceId: `cdn-${domain}`, Domain: domain, Status: 'online' });
    const provider = createTencentProvider(
      'tencent-test',
      {
        call: async (_action, _params, schema) =>
          schema.parse({
            Domains: [brief('img.example.com'), brief('img.example.com.cn'), brief('static.img.example.com')],
            TotalNumber: 3,
          }),
      },
      () => START,
    );

    const details = await provider.describeDomains(['img.example.com']);

    expect(details.map((detail) => detail.domain)).toEqual(['img.example.com']);
  });

  it('describes nothing for names the account does not have', async () => {
    const { provider } = await startHarness({ domains: TWO_DOMAINS });

    const details = await provider.describeDomains(['nope.example.com']);

    expect(details).toEqual([]);
  });

  it('maps cache and referer rules to the shared shape', async () => {
    const { provider } = await startHarness({
      domains: [
        {
          domain: 'img.example.com',
          resourceId: 'cdn-k4m2c8tr',
          origins: ['203.0.113.20:80'],
          originType: 'ip',
          serverName: 'origin.img.example.com',
          fullUrlCache: false,
          cacheRules: [
            { CacheType: 'file', CacheContents: ['jpg', 'png'], CacheTime: 604_800 },
            { CacheType: 'directory', CacheContents: ['/thumbs'], CacheTime: 60 },
          ],
          referer: {
            Switch: 'on',
            RefererRules: [
              {
                RuleType: 'directory',
                RulePaths: ['/private'],
                RefererType: 'blacklist',
                Referers: ['bad.example.org'],
                AllowEmpty: true,
              },
            ],
          },
        },
      ],
    });

    const [detail] = await provider.describeDomains(['img.example.com']);

    expect(detail).toEqual({
      domain: 'img.example.com',
      id: 'cdn-k4m2c8tr',
      status: 'online',
      cname: 'img.example.com.cdn.dnsv1.com',
      origins: ['203.0.113.20:80'],
      backupOrigins: [],
      serviceType: 'web',
      area: 'mainland',
      projectId: 0,
      disabledReason: undefined,
      updatedAt: '2026-11-23 10:00:00',
      originHost: 'origin.img.example.com',
      originType: 'ip',
      originProtocol: 'http',
      fullUrlCache: false,
      cacheRules: [
        { type: 'file', contents: ['jpg', 'png'], seconds: 604_800 },
        { type: 'directory', contents: ['/thumbs'], seconds: 60 },
      ],
      followOrigin: false,
      referer: {
        enabled: true,
        rules: [
          {
            type: 'blacklist',
            referers: ['bad.example.org'],
            allowEmpty: true,
            ruleType: 'directory',
            rulePaths: ['/private'],
          },
        ],
      },
      https: false,
    });
  });

  it('maps UrlPurge, PathPurge and UrlPush to url-purge, dir-purge and prefetch per area', async () => {
    const { provider } = await startHarness({
      domains: [{ domain: 'static.example.com', area: 'global' }, { domain: 'www.example.com' }],
      quotas: {
        urlPurge: { batch: 100, total: 1_000 },
        pathPurge: { batch: 10, total: 50 },
        urlPush: { batch: 20, total: 200 },
      },
    });
    await provider.purgeUrls(['https://static.example.com/a.js', 'https://static.example.com/b.js'], {
      urlEncode: false,
    });
    await provider.purgeDirs(['https://www.example.com/img/'], { urlEncode: false, flushType: 'flush' });

    const quota = await provider.getQuota();

    expect(quota).toEqual([
      { kind: 'url-purge', area: 'mainland', batch: 100, total: 1_000, available: 998 },
      { kind: 'url-purge', area: 'overseas', batch: 100, total: 1_000, available: 998 },
      { kind: 'dir-purge', area: 'mainland', batch: 10, total: 50, available: 49 },
      { kind: 'dir-purge', area: 'overseas', batch: 10, total: 50, available: 50 },
      { kind: 'prefetch', area: 'mainland', batch: 20, total: 200, available: 200 },
      { kind: 'prefetch', area: 'overseas', batch: 20, total: 200, available: 200 },
    ]);
  });

  it('reads a purge task by id: in progress, then done or failed per URL, created at epoch ms', async () => {
    const { provider, sandbox, clock } = await startHarness({ domains: TWO_DOMAINS });
    sandbox.failUrl('https://www.example.com/broken.js');
    const { taskId } = await provider.purgeUrls(
      ['https://www.example.com/ok.js', 'https://www.example.com/broken.js'],
      { urlEncode: false },
    );

    const running = await provider.purgeTasks({ taskId });
    clock.advance(60_000);
    const finished = await provider.purgeTasks({ taskId });

    expect(running.map((record) => record.state)).toEqual(['process', 'process']);
    expect(finished).toEqual([
      {
        taskId,
        url: 'https://www.example.com/ok.js',
        state: 'done',
        kind: 'url',
        flushType: 'flush',
        createdAt: Date.UTC(2026, 10, 23, 2, 0, 0),
      },
      {
        taskId,
        url: 'https://www.example.com/broken.js',
        state: 'fail',
        kind: 'url',
        flushType: 'flush',
        createdAt: Date.UTC(2026, 10, 23, 2, 0, 0),
      },
    ]);
  });

  it('reads a directory purge as kind dir with its flush type', async () => {
    const { provider, sandbox } = await startHarness({ domains: TWO_DOMAINS });
    const { taskId } = await provider.purgeDirs(['https://img.example.com/thumbs/'], {
      urlEncode: false,
      flushType: 'delete',
    });
    sandbox.finishAllTasks();

    const records = await provider.purgeTasks({ taskId });

    expect(records).toEqual([
      {
        taskId,
        url: 'https://img.example.com/thumbs/',
        state: 'done',
        kind: 'dir',
        flushType: 'delete',
        createdAt: START,
      },
    ]);
  });

  it('finds no records for a task id Tencent does not know', async () => {
    const { provider } = await startHarness({ domains: TWO_DOMAINS });

    const records = await provider.purgeTasks({ taskId: 'no-such-task' });

    expect(records).toEqual([]);
  });
});
