/**
 * How both provider clients behave when the API misbehaves: every kind of failure is retried a bounded number of
 * times (4 attempts in all) or not at all, then surfaces as a ProviderError a person can act on; no call outlives
 * its attempts × timeoutMs. Tencent's single-fault retries are in test/providers/tencent/client.test.ts; this file
 * adds what a burst that never ends does, the timeout bound, Wangsu's whole matrix and shapes nobody expected.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { type Fault, startTencentSandbox } from '../../sandbox/tencent/index.ts';
import { startWangsuSandbox, type WangsuFault } from '../../sandbox/wangsu/index.ts';
import { ProviderError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { TencentAccount } from '../../src/providers/tencent/account.ts';
import { tencent } from '../../src/providers/tencent/index.ts';
import type { CdnProvider } from '../../src/providers/types.ts';
import { WangsuAccount } from '../../src/providers/wangsu/account.ts';
import { wangsu } from '../../src/providers/wangsu/index.ts';
import { startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

const TIMEOUT_MS = 100;
const TENCENT_KEYS = {
  secretId: 'AKIDreliability000000000000000000',
  secretKey: 'reliability-tencent-key-0000',
};
const WANGSU_KEYS = { username: 'reliability-user', apiKey: 'reliability-wangsu-key-0000' };

interface Harness {
  provider: CdnProvider;
  /** Codes the client logged each time it decided to try again. */
  retried: string[];
  /** Requests the API received. */
  calls(): number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Records each retry's code: a retry is logged with its attempt number, at warn (or at debug for a throttle already
 * said once, which must not flood the log). */
function retryLogger(retried: string[]): Logger {
  const record = (_message: string, meta?: Record<string, unknown>) => {
    if (meta && 'attempt' in meta) retried.push(String(meta.code));
  };
  return { debug: record, info() {}, error() {}, warn: record };
}

async function tencentHarness(faults: Fault[]): Promise<Harness> {
  const clock = createManualClock();
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [{ ...TENCENT_KEYS, domains: [{ domain: 'www.example.com' }] }],
  });
  cleanups.push(() => sandbox.close());
  for (const fault of faults) sandbox.faults.push({ action: 'DescribeDomains', ...fault });
  const retried: string[] = [];
  const account = TencentAccount.parse({ kind: 'tencent', ...TENCENT_KEYS, endpoint: sandbox.url });
  const provider = tencent.create('tencent-test', account, {
    clock,
    logger: retryLogger(retried),
    random: () => 0.5,
    timeoutMs: TIMEOUT_MS,
  });
  return { provider, retried, calls: () => sandbox.calls.length };
}

async function wangsuHarness(faults: WangsuFault[]): Promise<Harness> {
  const clock = createManualClock();
  const sandbox = await startWangsuSandbox({
    clock,
    accounts: [{ ...WANGSU_KEYS, domains: [{ domain: 'cdn.example.cn' }] }],
  });
  cleanups.push(() => sandbox.close());
  for (const fault of faults) sandbox.faults.push({ path: '/api/domain', ...fault });
  const retried: string[] = [];
  const account = WangsuAccount.parse({ kind: 'wangsu', ...WANGSU_KEYS, endpoint: sandbox.url });
  const provider = wangsu.create('wangsu-test', account, {
    clock,
    logger: retryLogger(retried),
    random: () => 0.5,
    timeoutMs: TIMEOUT_MS,
  });
  return { provider, retried, calls: () => sandbox.calls.length };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('a burst of failures that ends', () => {
  it.each<[string, WangsuFault, string[]]>([
    ['three 503s', { kind: 'http5xx', status: 503, times: 3 }, ['HTTP503', 'HTTP503', 'HTTP503']],
    ['a 500 with a JSON error body', { kind: 'error', code: 'InternalError' }, ['InternalError']],
    ['a dropped connection', { kind: 'reset' }, ['NetworkError']],
    ['cut-off JSON', { kind: 'malformed' }, ['MalformedResponse']],
    ['an answer slower than timeoutMs', { kind: 'slow', delayMs: 4 * TIMEOUT_MS }, ['Timeout']],
  ])('Wangsu: retries %s, then returns the real answer', async (_case, fault, retriedCodes) => {
    const { provider, retried, calls } = await wangsuHarness([fault]);

    const domains = await provider.listDomains();

    expect(domains.map((domain) => domain.domain)).toEqual(['cdn.example.cn']);
    expect(retried).toEqual(retriedCodes);
    expect(calls()).toBe(retriedCodes.length + 1);
  });
});

describe('a burst of failures that does not end', () => {
  const forever = { times: 100 };
  const slow = { kind: 'slow', delayMs: 6 * TIMEOUT_MS, ...forever } as const;

  it.each<[string, () => Promise<Harness>, { code: string | RegExp; retryable: boolean }]>([
    [
      'Tencent throttling',
      () => tencentHarness([{ kind: 'error', code: 'RequestLimitExceeded', ...forever }]),
      { code: 'RequestLimitExceeded', retryable: true },
    ],
    [
      'Tencent dropped connections',
      () => tencentHarness([{ kind: 'reset', ...forever }]),
      {
        code: /^(UND_ERR_SOCKET|ECONNRESET)$/,
        retryable: true,
      },
    ],
    [
      'Tencent answers slower than timeoutMs',
      () => tencentHarness([slow]),
      { code: 'Timeout', retryable: true },
    ],
    [
      'Wangsu 502s',
      () => wangsuHarness([{ kind: 'http5xx', status: 502, ...forever }]),
      {
        code: 'HTTP502',
        retryable: true,
      },
    ],
    [
      'Wangsu throttling (HTTP 446)',
      () => wangsuHarness([{ kind: 'throttle', ...forever }]),
      {
        code: 'WPLUS_AccountApiTooFrequence',
        retryable: true,
      },
    ],
    [
      'Wangsu dropped connections',
      () => wangsuHarness([{ kind: 'reset', ...forever }]),
      {
        code: 'NetworkError',
        retryable: true,
      },
    ],
    [
      'Wangsu cut-off JSON',
      () => wangsuHarness([{ kind: 'malformed', ...forever }]),
      {
        code: 'MalformedResponse',
        retryable: true,
      },
    ],
    [
      'Wangsu answers slower than timeoutMs',
      () => wangsuHarness([slow]),
      { code: 'Timeout', retryable: true },
    ],
  ])(
    '%s: gives up after 4 attempts with the last error, within 4 × timeoutMs',
    async (_case, start, expected) => {
      const { provider, retried, calls } = await start();
      const started = performance.now();

      const error = await rejection(provider.listDomains());

      // Backoffs run on the manual clock; only the timeouts cost real time, so 4 of them bound the whole call.
      expect(performance.now() - started).toBeLessThan(4 * TIMEOUT_MS + 1_000);
      expect(error.providerCode).toMatch(expected.code);
      expect(error.retryable).toBe(expected.retryable);
      expect(error.message).not.toBe('');
      expect(retried).toHaveLength(3);
      expect(calls()).toBe(4);
    },
  );
});

/** A stand-in API that answers every request with the same 200 JSON body, whatever was asked. */
async function fixedAnswer(body: unknown): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-cnc-request-id': 'stub-request-1' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

function tencentAt(url: string): CdnProvider {
  const account = TencentAccount.parse({ kind: 'tencent', ...TENCENT_KEYS, endpoint: url });
  return tencent.create('tencent-test', account, { clock: createManualClock(), logger: retryLogger([]) });
}

function wangsuAt(url: string): CdnProvider {
  const account = WangsuAccount.parse({ kind: 'wangsu', ...WANGSU_KEYS, endpoint: url });
  return wangsu.create('wangsu-test', account, { clock: createManualClock(), logger: retryLogger([]) });
}

describe('answers in a shape nobody expected', () => {
  it('Tencent: ignores fields it does not know, at every level', async () => {
    const api = await fixedAnswer({
      Response: {
        RequestId: 'r-1',
        TotalNumber: 1,
        NewTopLevelField: { nested: [1, 2, 3] },
        Domains: [
          {
            Domain: 'www.example.com',
            ResourceId: 'cdn-1',
            Status: 'online',
            Cname: 'www.example.com.cdn.dnsv1.com',
            ServiceType: 'web',
            Area: 'mainland',
            ProjectId: 0,
            CreateTime: '2026-01-01 00:00:00',
            UpdateTime: '2026-01-01 00:00:00',
            Origin: { Origins: ['origin.example.com'], OriginType: 'domain' },
            SomethingNew: 'surprise',
          },
        ],
      },
    });

    const domains = await tencentAt(api.url).listDomains();

    expect(domains.map((domain) => [domain.domain, domain.status])).toEqual([['www.example.com', 'online']]);
  });

  it('Tencent: refuses a field of the wrong type once, without retrying, naming the field', async () => {
    const api = await fixedAnswer({ Response: { RequestId: 'r-2', TotalNumber: 'many', Domains: 'none' } });

    const error = await rejection(tencentAt(api.url).listDomains());

    expect(error).toMatchObject({ providerCode: 'UnexpectedResponse', requestId: 'r-2', retryable: false });
    expect(error.message).toMatch(/^DescribeDomains answered in a shape cdnops does not understand: \w+/);
    expect(api.requests()).toBe(1);
  });

  it('Tencent: retries JSON without the API 3.0 envelope, then says so', async () => {
    const api = await fixedAnswer({ Domains: [] });

    const error = await rejection(tencentAt(api.url).listDomains());

    expect(error).toMatchObject({
      providerCode: 'MalformedResponse',
      message: 'DescribeDomains answered without the API 3.0 "Response" envelope',
    });
    expect(api.requests()).toBe(4);
  });

  it('Wangsu: ignores fields it does not know', async () => {
    const api = await fixedAnswer({
      'domain-list': [
        {
          'domain-name': 'cdn.example.cn',
          'domain-id': 1001,
          'service-type': 'web',
          enabled: 'true',
          'brand-new': { a: 1 },
        },
      ],
      'also-new': true,
    });

    const domains = await wangsuAt(api.url).listDomains();

    expect(domains.map((domain) => domain.domain)).toEqual(['cdn.example.cn']);
  });

  it('Wangsu: refuses a list of the wrong shape once, without retrying', async () => {
    const api = await fixedAnswer({ 'domain-list': 'cdn.example.cn' });

    const error = await rejection(wangsuAt(api.url).listDomains());

    expect(error).toMatchObject({
      providerCode: 'UnexpectedResponse',
      requestId: 'stub-request-1',
      retryable: false,
    });
    expect(error.message).toMatch(/^GET \/api\/domain answered in a shape cdnops does not understand/);
    expect(api.requests()).toBe(1);
  });
});

describe('what the person in Slack sees when a provider keeps failing', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it('says which account failed, with its code and what to do, after Tencent answered 503 four times', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'DescribeDomains', kind: 'http5xx', status: 503, times: 4 });

    await bot.send('hosts');

    expect(bot.tencent.calls.filter((call) => call.action === 'DescribeDomains')).toHaveLength(4);
    const reply = visibleText(bot.slack.messages.at(-1)!);
    expect(reply).toContain('tencent-prod');
    expect(reply).toContain('HTTP503');
    expect(reply).not.toContain('Something went wrong inside cdnops');
  });

  it('lists the other account and names Wangsu’s throttling after four 446 answers', async () => {
    bot = await startTestBot({ wangsu: {} });
    bot.wangsu!.faults.push({ path: '/api/domain', kind: 'throttle', times: 4 });

    await bot.send('hosts');

    expect(bot.wangsu!.calls.filter((call) => call.path === '/api/domain')).toHaveLength(4);
    const reply = visibleText(bot.slack.messages.at(-1)!);
    expect(reply).toContain('*www.example.com* · online · `tencent-prod`');
    expect(reply).toContain(
      '`wangsu-prod` could not be listed: `WPLUS_AccountApiTooFrequence` Account API requests are too frequent.',
    );
    expect(reply).not.toContain('Something went wrong inside cdnops');
  });
});
