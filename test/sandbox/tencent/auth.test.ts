import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TENCENT_ACCOUNT } from '../../../sandbox/tencent/index.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';
import { callApi, parseResponse, signedPost } from './signed-post.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Tencent sandbox authentication', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('answers a correctly signed request with the action fields and a RequestId', async () => {
    const response = await fx.call({ action: 'DescribePurgeQuota' });

    expect(response.Error).toBeUndefined();
    expect(response.RequestId).toMatch(UUID);
    expect(response.UrlPurge).toBeDefined();
  });

  it('refuses a request signed with the wrong key as SignatureFailure, with a RequestId, over HTTP 200', async () => {
    const { status, text } = await signedPost(fx.sandbox.url, DEMO_TENCENT_ACCOUNT, fx.clock, {
      action: 'DescribeDomains',
      signingKey: 'not-the-key',
    });

    const response = parseResponse(text);
    expect(status).toBe(200);
    expect(response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(response.RequestId).toMatch(UUID);
  });

  it('refuses a body changed after signing: the raw bytes received are what is checked', async () => {
    const response = await fx.call({
      action: 'PurgeUrlsCache',
      params: { Urls: ['https://www.example.com/a.js'] },
      sendBody: JSON.stringify({ Urls: ['https://www.example.com/b.js'] }),
    });

    expect(response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('accepts the body bytes exactly as signed, including raw UTF-8 and odd spacing', async () => {
    const response = await fx.call({
      action: 'PurgeUrlsCache',
      body: '{ "Urls" : ["https://docs.example.com/文档/指南.html"] }',
    });

    expect(response.Error).toBeUndefined();
    expect(response.TaskId).toMatch(UUID);
  });

  it.each([
    ['content-type, host and x-tc-action', ['content-type', 'host', 'x-tc-action'], 'application/json'],
    ['the charset form of Content-Type', ['content-type', 'host'], 'application/json; charset=utf-8'],
  ])('accepts signatures over %s', async (_label, signedHeaders, contentType) => {
    const response = await fx.call({ action: 'DescribePushQuota', signedHeaders, contentType });

    expect(response.Error).toBeUndefined();
  });

  it('refuses SignedHeaders that leave out host', async () => {
    const response = await fx.call({ action: 'DescribePushQuota', signedHeaders: ['content-type'] });

    expect(response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it.each([
    ['missing', null],
    ['garbled', 'TC3-HMAC-SHA256 Credential=oops'],
    [
      'another algorithm',
      'HmacSHA256 Credential=x/2026-11-23/cdn/tc3_request, SignedHeaders=host, Signature=00',
    ],
  ])('answers InvalidAuthorization when the Authorization header is %s', async (_label, authorization) => {
    const response = await fx.call({ action: 'DescribeDomains', authorization });

    expect(response.Error?.Code).toBe('AuthFailure.InvalidAuthorization');
    expect(response.RequestId).toMatch(UUID);
  });

  it('answers SecretIdNotFound for a key the sandbox does not know', async () => {
    const unknown = { secretId: 'AKIDunknown', secretKey: 'whatever' };

    const response = await callApi(fx.sandbox.url, unknown, fx.clock, { action: 'DescribeDomains' });

    expect(response.Error?.Code).toBe('AuthFailure.SecretIdNotFound');
    expect(fx.sandbox.calls[0]?.secretId).toBe('AKIDunknown');
  });

  it.each([
    ['301 s old', -301],
    ['301 s ahead', 301],
  ])('answers SignatureExpire for a timestamp %s', async (_label, offsetSeconds) => {
    const timestamp = Math.floor(fx.clock.now() / 1000) + offsetSeconds;

    const response = await fx.call({ action: 'DescribeDomains', timestamp });

    expect(response.Error?.Code).toBe('AuthFailure.SignatureExpire');
  });

  it('accepts a timestamp exactly 300 s old', async () => {
    const response = await fx.call({
      action: 'DescribeDomains',
      timestamp: Math.floor(fx.clock.now() / 1000) - 300,
    });

    expect(response.Error).toBeUndefined();
  });

  it('refuses a credential scope for another service', async () => {
    const authorization = `TC3-HMAC-SHA256 Credential=${DEMO_TENCENT_ACCOUNT.secretId}/2026-11-23/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`;

    const response = await fx.call({ action: 'DescribeDomains', authorization });

    expect(response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(response.Error?.Message).toMatch(/cvm/);
  });

  it('refuses a credential scope dated with the local (UTC+8) day instead of the UTC day', async () => {
    // 2026-11-23 00:30 Beijing is still 2026-11-22 in UTC.
    fx.clock.set(Date.UTC(2026, 10, 22, 16, 30));
    const authorization = `TC3-HMAC-SHA256 Credential=${DEMO_TENCENT_ACCOUNT.secretId}/2026-11-23/cdn/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`;

    const response = await fx.call({ action: 'DescribeDomains', authorization });

    expect(response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(response.Error?.Message).toMatch(/UTC date/);
  });

  it('records every call, including ones refused by authentication', async () => {
    await fx.call({ action: 'DescribeDomains', params: { Limit: 5 } });
    await fx.call({ action: 'DescribeDomains', signingKey: 'wrong' });

    expect(fx.sandbox.calls).toEqual([
      expect.objectContaining({
        action: 'DescribeDomains',
        secretId: DEMO_TENCENT_ACCOUNT.secretId,
        params: { Limit: 5 },
        errorCode: undefined,
        httpStatus: 200,
        at: fx.clock.now(),
      }),
      expect.objectContaining({
        action: 'DescribeDomains',
        errorCode: 'AuthFailure.SignatureFailure',
        httpStatus: 200,
      }),
    ]);
    expect(fx.sandbox.calls[0]?.requestId).toMatch(UUID);
  });
});

describe('Tencent sandbox protocol checks after authentication', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('answers InvalidAction for an action it does not have', async () => {
    const response = await fx.call({ action: 'DescribeEverything' });

    expect(response.Error?.Code).toBe('InvalidAction');
  });

  it('answers NoSuchVersion for another API version', async () => {
    const response = await fx.call({ action: 'DescribeDomains', version: '2017-03-12' });

    expect(response.Error?.Code).toBe('NoSuchVersion');
  });

  it('answers InvalidRequest for a body that is not declared JSON', async () => {
    const response = await fx.call({ action: 'DescribeDomains', contentType: 'text/plain' });

    expect(response.Error?.Code).toBe('InvalidRequest');
  });

  it.each([
    ['a body that is not JSON', { body: '{"Limit": ' }, 'InvalidParameter'],
    [
      'a parameter the action does not define',
      { params: { Limit: 10, Region: 'ap-guangzhou' } },
      'UnknownParameter',
    ],
    ['a parameter of the wrong type', { params: { Limit: '10' } }, 'InvalidParameter'],
    ['a value out of range', { params: { Limit: 1001 } }, 'InvalidParameterValue'],
  ])('refuses %s', async (_label, request, code) => {
    const response = await fx.call({ action: 'DescribeDomains', ...request });

    expect(response.Error?.Code).toBe(code);
  });

  it('answers MissingParameter for a required parameter left out', async () => {
    const response = await fx.call({ action: 'PurgeUrlsCache', params: {} });

    expect(response.Error).toEqual({ Code: 'MissingParameter', Message: expect.stringContaining('Urls') });
  });
});
