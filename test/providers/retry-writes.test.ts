/**
 * The retry rule of both clients: reads retry freely; a write is sent again only when the failure proves the
 * provider never acted on it. The failures here are real ones, raised by undici against the sandboxes and local
 * sockets, so the classification is checked against what undici actually throws.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CERTIFICATE, SANDBOX_PRIVATE_KEY } from '../../sandbox/edge/sandbox-certificate.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { startTencentSandbox } from '../../sandbox/tencent/index.ts';
import { startWangsuSandbox } from '../../sandbox/wangsu/index.ts';
import { ProviderError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { neverSent } from '../../src/providers/request-effect.ts';
import { TencentAccount } from '../../src/providers/tencent/account.ts';
import { createTencentClient } from '../../src/providers/tencent/client.ts';
import { TaskIdResponse } from '../../src/providers/tencent/schema.ts';
import { WangsuAccount } from '../../src/providers/wangsu/account.ts';
import { createWangsuClient } from '../../src/providers/wangsu/client.ts';
import { CcmQuery, CcmSubmit, DomainList } from '../../src/providers/wangsu/schema.ts';

const TENCENT_KEYS = {
  secretId: 'AKIDretrywrites0000000000000000000',
  secretKey: 'retry-writes-tencent-key-00',
};
const WANGSU_KEYS = { username: 'retry-writes-user', apiKey: 'retry-writes-wangsu-key-0000' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function retryLogger(retried: string[]): Logger {
  return { debug() {}, info() {}, error() {}, warn: (_message, meta) => retried.push(String(meta?.code)) };
}

/** A dispatcher whose first connection is refused, as a provider's closed port would refuse it. */
function refusingOnce(): Agent {
  const connect = buildConnector({});
  let refused = false;
  const agent = new Agent({
    connect(options, callback) {
      if (!refused) {
        refused = true;
        callback(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), null);
        return;
      }
      connect(options, callback);
    },
  });
  cleanups.push(() => agent.close());
  return agent;
}

async function tencentHarness(dispatcher?: Agent) {
  const clock = createManualClock();
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [{ ...TENCENT_KEYS, domains: [{ domain: 'www.example.com' }] }],
  });
  cleanups.push(() => sandbox.close());
  const retried: string[] = [];
  const client = createTencentClient({
    accountId: 'tencent-test',
    account: TencentAccount.parse({ kind: 'tencent', ...TENCENT_KEYS, endpoint: sandbox.url }),
    clock,
    logger: retryLogger(retried),
    random: () => 0.5,
    dispatcher,
  });
  const purge = () =>
    client.call('PurgeUrlsCache', { Urls: ['https://www.example.com/a.js'] }, TaskIdResponse);
  const callsOf = (action: string) => sandbox.calls.filter((call) => call.action === action);
  return { sandbox, client, retried, purge, callsOf };
}

async function wangsuHarness(dispatcher?: Agent) {
  const clock = createManualClock();
  const sandbox = await startWangsuSandbox({
    clock,
    accounts: [{ ...WANGSU_KEYS, domains: [{ domain: 'cdn.example.cn' }] }],
  });
  cleanups.push(() => sandbox.close());
  const retried: string[] = [];
  const client = createWangsuClient({
    accountId: 'wangsu-test',
    account: WangsuAccount.parse({ kind: 'wangsu', ...WANGSU_KEYS, endpoint: sandbox.url }),
    clock,
    logger: retryLogger(retried),
    random: () => 0.5,
    dispatcher,
  });
  const purge = () =>
    client.json(
      { method: 'POST', path: '/ccm/purge/ItemIdReceiver', body: { urls: ['https://cdn.example.cn/a.js'] } },
      CcmSubmit,
    );
  const callsTo = (path: string) => sandbox.calls.filter((call) => call.path === path);
  return { sandbox, client, retried, purge, callsTo, clock };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Tencent client: reads retry, writes only when provably not sent', () => {
  it('retries a read after the connection drops', async () => {
    const { client, sandbox, retried, callsOf } = await tencentHarness();
    sandbox.faults.push({ action: 'DescribePurgeTasks', kind: 'reset' });

    await client.call('DescribePurgeTasks', { TaskId: 'none' }, TaskIdResponse.partial());

    expect(callsOf('DescribePurgeTasks').map((call) => call.httpStatus)).toEqual([0, 200]);
    expect(retried).toHaveLength(1);
  });

  it('sends a purge once when the connection drops after it was sent, and says it may have been applied', async () => {
    const { sandbox, purge, retried, callsOf } = await tencentHarness();
    sandbox.faults.push({ action: 'PurgeUrlsCache', kind: 'reset' });

    const error = await rejection(purge());

    expect(callsOf('PurgeUrlsCache')).toHaveLength(1);
    expect(retried).toEqual([]);
    expect(error.applied).toBe('unknown');
  });

  it.each([
    ['a gateway 502', { kind: 'http5xx', status: 502 }],
    ['InternalError', { kind: 'error', code: 'InternalError.CdnSystemError' }],
    ['an answer slower than the timeout', { kind: 'slow', delayMs: 400 }],
  ] as const)('does not send a purge again after %s', async (_case, fault) => {
    const clock = createManualClock();
    const sandbox = await startTencentSandbox({
      clock,
      accounts: [{ ...TENCENT_KEYS, domains: [{ domain: 'www.example.com' }] }],
    });
    cleanups.push(() => sandbox.close());
    const client = createTencentClient({
      accountId: 'tencent-test',
      account: TencentAccount.parse({ kind: 'tencent', ...TENCENT_KEYS, endpoint: sandbox.url }),
      clock,
      logger: retryLogger([]),
      timeoutMs: 100,
    });
    sandbox.faults.push({ action: 'PurgeUrlsCache', ...fault });

    const error = await rejection(
      client.call('PurgeUrlsCache', { Urls: ['https://www.example.com/a.js'] }, TaskIdResponse),
    );

    expect(sandbox.calls.filter((call) => call.action === 'PurgeUrlsCache')).toHaveLength(1);
    expect(error.applied).toBe('unknown');
  });

  it('sends a purge again after throttling, which Tencent refused before acting', async () => {
    const { sandbox, purge, retried, callsOf } = await tencentHarness();
    sandbox.faults.push({ action: 'PurgeUrlsCache', kind: 'error', code: 'RequestLimitExceeded' });

    await purge();

    expect(callsOf('PurgeUrlsCache').map((call) => call.errorCode)).toEqual([
      'RequestLimitExceeded',
      undefined,
    ]);
    expect(retried).toEqual(['RequestLimitExceeded']);
  });

  it('sends a purge again after a refused connection, which never reached Tencent', async () => {
    const { purge, retried, callsOf } = await tencentHarness(refusingOnce());

    await purge();

    expect(callsOf('PurgeUrlsCache')).toHaveLength(1);
    expect(retried).toEqual(['ECONNREFUSED']);
  });
});

describe('Wangsu client: reads retry, writes only when provably not sent', () => {
  it('retries a read (GET) after the connection drops', async () => {
    const { client, sandbox, retried, callsTo } = await wangsuHarness();
    sandbox.faults.push({ path: '/api/domain', kind: 'reset' });

    await client.json({ method: 'GET', path: '/api/domain' }, DomainList);

    expect(callsTo('/api/domain').map((call) => call.status)).toEqual([0, 200]);
    expect(retried).toEqual(['NetworkError']);
  });

  it('retries a status query sent as POST, which is declared a read', async () => {
    const { client, sandbox, callsTo } = await wangsuHarness();
    sandbox.faults.push({ path: '/ccm/purge/ItemIdQuery', kind: 'reset' });

    await client.json(
      { method: 'POST', effect: 'read', path: '/ccm/purge/ItemIdQuery', body: { itemId: 'none' } },
      CcmQuery,
    );

    expect(callsTo('/ccm/purge/ItemIdQuery').map((call) => call.status)).toEqual([0, 200]);
  });

  it('sends a purge once when the connection drops after it was sent', async () => {
    const { sandbox, purge, retried, callsTo } = await wangsuHarness();
    sandbox.faults.push({ path: '/ccm/purge/ItemIdReceiver', kind: 'reset' });

    const error = await rejection(purge());

    expect(callsTo('/ccm/purge/ItemIdReceiver')).toHaveLength(1);
    expect(retried).toEqual([]);
    expect(error.applied).toBe('unknown');
  });

  it('sends a purge again after HTTP 446 and after a refused connection', async () => {
    const { sandbox, purge, retried, callsTo } = await wangsuHarness(refusingOnce());
    sandbox.faults.push({ path: '/ccm/purge/ItemIdReceiver', kind: 'throttle' });

    await purge();

    expect(callsTo('/ccm/purge/ItemIdReceiver').map((call) => call.status)).toEqual([446, 200]);
    expect(retried).toEqual(['NetworkError', 'WPLUS_AccountApiTooFrequence']);
  });
});

describe('which undici failures prove the request never left', () => {
  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return String((server.address() as AddressInfo).port);
  }

  async function failure(url: string, options: Parameters<typeof request>[1] = {}): Promise<unknown> {
    return request(url, { method: 'POST', body: '{}', ...options }).then(
      () => expect.unreachable('the request should fail'),
      (error: unknown) => error,
    );
  }

  it('a refused connection: never sent', async () => {
    // A port that was just listened on and closed again: nothing accepts there.
    const port = await listen(createHttpServer());
    await cleanups.pop()?.();

    expect(neverSent(await failure(`http://127.0.0.1:${port}/`))).toBe(true);
  });

  it('a TLS handshake the client refuses (untrusted certificate): never sent', async () => {
    const port = await listen(
      createHttpsServer({ cert: SANDBOX_CERTIFICATE, key: SANDBOX_PRIVATE_KEY }, (_req, res) =>
        res.end('{}'),
      ),
    );

    expect(neverSent(await failure(`https://127.0.0.1:${port}/`))).toBe(true);
  });

  it('a reset after the request was read: maybe applied', async () => {
    const port = await listen(createHttpServer((req) => req.on('end', () => req.socket.destroy()).resume()));

    expect(neverSent(await failure(`http://127.0.0.1:${port}/`))).toBe(false);
  });

  it('no answer before the headers timeout: maybe applied', async () => {
    const port = await listen(createHttpServer(() => {}));

    const error = await failure(`http://127.0.0.1:${port}/`, { headersTimeout: 50 });

    expect((error as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(neverSent(error)).toBe(false);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    '%s: never sent, also when undici wraps it as the cause',
    (code) => {
      const raw = Object.assign(new Error(code), { code });
      expect(neverSent(raw)).toBe(true);
      expect(neverSent(new Error('fetch failed', { cause: raw }))).toBe(true);
    },
  );

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_BODY_TIMEOUT', 'EPIPE'])('%s: maybe applied', (code) => {
    expect(neverSent(Object.assign(new Error(code), { code }))).toBe(false);
  });
});
