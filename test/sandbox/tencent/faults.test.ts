import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TENCENT_ACCOUNT } from '../../../sandbox/tencent/index.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';
import { signedPost } from './signed-post.ts';

describe('Tencent sandbox fault injection', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function post(action: string) {
    return signedPost(fx.sandbox.url, DEMO_TENCENT_ACCOUNT, fx.clock, { action });
  }

  it('applies an error fault to the next call only, then answers normally', async () => {
    fx.sandbox.faults.push({ kind: 'error', code: 'RequestLimitExceeded', message: 'slow down' });

    const first = await fx.call({ action: 'DescribePurgeQuota' });
    const second = await fx.call({ action: 'DescribePurgeQuota' });

    expect(first.Error).toEqual({ Code: 'RequestLimitExceeded', Message: 'slow down' });
    expect(first.RequestId).toBeTruthy();
    expect(second.Error).toBeUndefined();
    expect(fx.sandbox.faults.size).toBe(0);
    expect(fx.sandbox.calls.map((call) => call.errorCode)).toEqual(['RequestLimitExceeded', undefined]);
  });

  it('applies a fault `times` times, only to its action', async () => {
    fx.sandbox.faults.push({ action: 'PurgeUrlsCache', kind: 'error', code: 'InternalError', times: 2 });

    const other = await fx.call({ action: 'DescribePurgeQuota' });
    const purge = { action: 'PurgeUrlsCache', params: { Urls: ['https://www.example.com/'] } };
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i += 1) codes.push((await fx.call(purge)).Error?.Code);

    expect(other.Error).toBeUndefined();
    expect(codes).toEqual(['InternalError', 'InternalError', undefined]);
  });

  it('applies faults only after authentication', async () => {
    fx.sandbox.faults.push({ kind: 'error', code: 'InternalError' });

    const badlySigned = await fx.call({ action: 'DescribeDomains', signingKey: 'wrong' });
    const next = await fx.call({ action: 'DescribeDomains' });

    expect(badlySigned.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(next.Error?.Code).toBe('InternalError');
  });

  it('answers an http5xx fault with that status and a body that is not JSON', async () => {
    fx.sandbox.faults.push({ kind: 'http5xx', status: 502 });

    const { status, text } = await post('DescribeDomains');

    expect(status).toBe(502);
    expect(() => JSON.parse(text)).toThrow();
    expect(fx.sandbox.calls[0]).toMatchObject({ httpStatus: 502, errorCode: undefined });
  });

  it('answers a malformed fault with HTTP 200 and broken JSON', async () => {
    fx.sandbox.faults.push({ kind: 'malformed' });

    const { status, text } = await post('DescribeDomains');

    expect(status).toBe(200);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('drops the connection for a reset fault', async () => {
    fx.sandbox.faults.push({ kind: 'reset' });

    await expect(post('DescribeDomains')).rejects.toThrow();
    expect(fx.sandbox.calls[0]?.httpStatus).toBe(0);
  });

  it('delays the real answer by delayMs of real time for a slow fault', async () => {
    fx.sandbox.faults.push({ kind: 'slow', delayMs: 40 });
    const started = performance.now();

    const response = await fx.call({ action: 'DescribePushQuota' });

    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(response.UrlPush).toBeDefined();
  });

  it('lets a client time out on a slow fault', async () => {
    fx.sandbox.faults.push({ kind: 'slow', delayMs: 50 });

    const attempt = signedPost(fx.sandbox.url, DEMO_TENCENT_ACCOUNT, fx.clock, {
      action: 'DescribeDomains',
      signal: AbortSignal.timeout(10),
    });

    await expect(attempt).rejects.toThrow();
  });
});
