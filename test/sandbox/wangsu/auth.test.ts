import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WANGSU_ACCOUNT } from '../../../sandbox/wangsu/index.ts';
import { rfc1123Date } from '../../../src/providers/wangsu/sign.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';
import { wangsuRequest } from './wangsu-request.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MINUTE = 60_000;

describe('Wangsu sandbox authentication', () => {
  let fx: WangsuFixture;

  beforeEach(async () => {
    fx = await startWangsuFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it.each(['basic', 'aksk'] as const)(
    'answers a correctly signed %s request with a request id',
    async (scheme) => {
      const response = await fx.call({ path: '/api/domain/www.example.cn', scheme });

      expect(response.status).toBe(200);
      expect(response.requestId).toMatch(UUID);
      expect(response.json).toMatchObject({ 'domain-name': 'www.example.cn' });
    },
  );

  describe('Basic', () => {
    it('refuses a password made with the wrong apiKey as 401 AuthenticationFailed', async () => {
      const response = await fx.call({ path: '/api/domain', scheme: 'basic', signingKey: 'not-the-key' });

      expect(response.status).toBe(401);
      expect(response.requestId).toMatch(UUID);
      expect(response.json).toEqual({
        code: 'AuthenticationFailed',
        message: expect.stringContaining('password does not match'),
      });
    });

    it('refuses an unknown username', async () => {
      const stranger = { username: 'nobody', apiKey: 'whatever', domains: [] };

      const response = await wangsuRequest(fx.sandbox.url, stranger, fx.clock, {
        path: '/api/domain',
        scheme: 'basic',
      });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        code: 'AuthenticationFailed',
        message: 'The HTTP authorization header is bad: account name does not exist.',
      });
      expect(fx.sandbox.calls[0]).toMatchObject({ account: 'nobody', authScheme: 'basic', status: 401 });
    });

    it.each([
      ['6 minutes behind', -6 * MINUTE],
      ['6 minutes ahead', 6 * MINUTE],
      ['8 hours ahead (local time labelled GMT)', 8 * 60 * MINUTE],
    ])('refuses a Date %s as out of range', async (_label, offsetMs) => {
      const date = rfc1123Date(fx.clock.now() + offsetMs);

      const response = await fx.call({ path: '/api/domain', scheme: 'basic', date });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        code: 'AuthenticationFailed',
        message: expect.stringMatching(/out of range.*5 minutes/),
      });
    });

    it('accepts a Date exactly 5 minutes old', async () => {
      const response = await fx.call({
        path: '/api/domain',
        scheme: 'basic',
        date: rfc1123Date(fx.clock.now() - 5 * MINUTE),
      });

      expect(response.status).toBe(200);
    });

    it.each([
      ['not GMT', 'Mon, 23 Nov 2026 10:00:00 +0800'],
      ['extra spaces before GMT', 'Mon, 23 Nov 2026 02:00:00  GMT'],
      ['the wrong weekday', 'Tue, 23 Nov 2026 02:00:00 GMT'],
    ])('refuses a Date header that is %s', async (_label, date) => {
      const response = await fx.call({ path: '/api/domain', scheme: 'basic', date });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ message: expect.stringContaining('RFC 1123') });
    });

    it('refuses a request without a Date header', async () => {
      const response = await fx.call({ path: '/api/domain', scheme: 'basic', headers: { Date: null } });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ message: expect.stringContaining('Date header is missing') });
    });

    it('accepts x-cnc-auth-method: BASIC, and refuses AKSK with a Basic header', async () => {
      const basic = await fx.call({
        path: '/api/domain',
        scheme: 'basic',
        headers: { 'x-cnc-auth-method': 'BASIC' },
      });
      const mismatched = await fx.call({
        path: '/api/domain',
        scheme: 'basic',
        headers: { 'x-cnc-auth-method': 'AKSK' },
      });

      expect(basic.status).toBe(200);
      expect(mismatched.status).toBe(401);
      expect(mismatched.json).toMatchObject({ code: 'AuthenticationFailed' });
    });
  });

  describe('AK/SK', () => {
    it('refuses a signature made with the wrong secret key as 401 {status:0,result}', async () => {
      const response = await fx.call({ path: '/api/domain', signingKey: 'not-the-secret' });

      expect(response.status).toBe(401);
      expect(response.requestId).toMatch(UUID);
      expect(response.json).toEqual({
        status: 0,
        result: 'authorization is error! please check signature, accessKey!',
      });
    });

    it('refuses an unknown accessKey with the same message', async () => {
      const stranger = { accessKey: 'AK-unknown', secretKey: 'whatever', domains: [] };

      const response = await wangsuRequest(fx.sandbox.url, stranger, fx.clock, { path: '/api/domain' });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        status: 0,
        result: 'authorization is error! please check signature, accessKey!',
      });
      expect(fx.sandbox.calls[0]).toMatchObject({ account: 'AK-unknown', authScheme: 'aksk' });
    });

    it.each([
      ['301 s old', -301],
      ['301 s ahead', 301],
      ['6 minutes old', -360],
    ])('refuses an x-cnc-timestamp %s as out of range', async (_label, offsetSeconds) => {
      const timestamp = Math.floor(fx.clock.now() / 1000) + offsetSeconds;

      const response = await fx.call({ path: '/api/domain', timestamp });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({ status: 0, result: expect.stringContaining('out of range') });
    });

    it('accepts an x-cnc-timestamp exactly 300 s old', async () => {
      const response = await fx.call({
        path: '/api/domain',
        timestamp: Math.floor(fx.clock.now() / 1000) - 300,
      });

      expect(response.status).toBe(200);
    });

    it.each([
      ['missing (it defaults to BASIC)', null],
      ['BASIC', 'BASIC'],
    ])('refuses CNC-HMAC-SHA256 when x-cnc-auth-method is %s', async (_label, value) => {
      const response = await fx.call({ path: '/api/domain', headers: { 'x-cnc-auth-method': value } });

      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        status: 0,
        result: expect.stringContaining('x-cnc-auth-method must be AKSK'),
      });
    });

    it('accepts x-cnc-auth-method in any case', async () => {
      const response = await fx.call({ path: '/api/domain', headers: { 'x-cnc-auth-method': 'aksk' } });

      expect(response.status).toBe(200);
    });

    it('refuses a request whose x-cnc-accessKey is missing', async () => {
      const response = await fx.call({ path: '/api/domain', headers: { 'x-cnc-accessKey': null } });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ result: expect.stringContaining('x-cnc-accessKey') });
    });

    it('refuses a body changed after signing: the raw bytes received are what is checked', async () => {
      const response = await fx.call({
        method: 'POST',
        path: '/ccm/purge/ItemIdReceiver',
        body: { urls: ['https://www.example.cn/a.png'] },
        sendBody: JSON.stringify({ urls: ['https://www.example.cn/b.png'] }),
      });

      expect(response.status).toBe(401);
    });

    it('accepts the body bytes exactly as signed, including raw UTF-8 and odd spacing', async () => {
      const response = await fx.call({
        method: 'POST',
        path: '/ccm/purge/ItemIdReceiver',
        rawBody: '{ "urls" : ["https://www.example.cn/文档/指南.html"] }',
      });

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ Code: 1 });
    });

    it('checks the query of a GET: a query changed after signing is refused', async () => {
      const response = await fx.call({
        path: '/ccm/upperQuery?type=fetch',
        sendPath: '/ccm/upperQuery?type=purge',
      });

      expect(response.status).toBe(401);
    });

    it('signs the query URL-decoded', async () => {
      const response = await fx.call({ path: '/ccm/upperQuery?type=purg%65' });

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ code: 0, urlUpper: 5000 });
    });

    it.each([
      ['kept, as Python unquote does', '/ccm/upperQuery?type=purge&x=a+b'],
      ['a space, as Go QueryUnescape does', '/ccm/upperQuery?type=purge&x=a%20b'],
    ])('accepts a + in the query signed as %s', async (_label, signedPath) => {
      const response = await fx.call({ path: signedPath, sendPath: '/ccm/upperQuery?type=purge&x=a+b' });

      expect(response.status).toBe(200);
    });

    it('does not sign the query of a POST', async () => {
      const response = await fx.call({
        method: 'POST',
        path: '/ccm/purge/ItemIdReceiver',
        body: { urls: ['https://www.example.cn/a'] },
        sendPath: '/ccm/purge/ItemIdReceiver?anything=else',
      });

      expect(response.status).toBe(200);
    });

    it.each([
      ['hashing the body, as the Go SDK does', '{}', undefined],
      ['hashing nothing, as the Python and Java SDKs do', '', '{}'],
    ])('accepts a DELETE with a body signed by %s', async (_label, rawBody, sendBody) => {
      const response = await fx.call({ method: 'DELETE', path: '/api/domain/100005', rawBody, sendBody });

      expect(response.status).toBe(202);
    });

    it('lower-cases header values before comparing, as the SDKs sign them', async () => {
      const response = await fx.call({
        path: '/api/domain',
        headers: { 'Content-Type': 'Application/JSON' },
      });

      expect(response.status).toBe(200);
    });

    it('refuses a Content-Type that differs from the one signed', async () => {
      const response = await fx.call({ path: '/api/domain', headers: { 'Content-Type': 'text/plain' } });

      expect(response.status).toBe(401);
    });
  });

  it('refuses a request without an Authorization header', async () => {
    const response = await fx.call({ path: '/api/domain', headers: { Authorization: null } });

    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({
      code: 'AuthenticationFailed',
      message: expect.stringContaining('missing'),
    });
    expect(fx.sandbox.calls[0]).toMatchObject({ account: undefined, authScheme: undefined, status: 401 });
  });

  it('authenticates before routing: an unknown path with a bad key is 401, with a good key 404', async () => {
    const bad = await fx.call({ path: '/api/nothing-here', signingKey: 'wrong' });
    const good = await fx.call({ path: '/api/nothing-here' });

    expect(bad.status).toBe(401);
    expect(good.status).toBe(404);
    expect(good.json).toEqual({ code: 'NotFound', message: expect.stringContaining('/api/nothing-here') });
  });

  it('records every call, including ones refused by authentication', async () => {
    await fx.call({
      method: 'POST',
      path: '/ccm/purge/ItemIdReceiver',
      body: { urls: ['https://www.example.cn/a'] },
    });
    await fx.call({ path: '/api/domain?cname-label=x', scheme: 'basic', signingKey: 'wrong' });

    expect(fx.sandbox.calls).toEqual([
      {
        method: 'POST',
        path: '/ccm/purge/ItemIdReceiver',
        query: '',
        account: DEMO_WANGSU_ACCOUNT.accessKey,
        authScheme: 'aksk',
        body: { urls: ['https://www.example.cn/a'] },
        status: 200,
        requestId: expect.stringMatching(UUID),
        at: fx.clock.now(),
      },
      expect.objectContaining({
        method: 'GET',
        path: '/api/domain',
        query: 'cname-label=x',
        account: DEMO_WANGSU_ACCOUNT.username,
        authScheme: 'basic',
        body: undefined,
        status: 401,
      }),
    ]);
  });
});
