import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WANGSU_ACCOUNT } from '../../../sandbox/wangsu/index.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';
import { wangsuRequest } from './wangsu-request.ts';

const DEPLOY_MS = 30_000;

describe('Wangsu sandbox enable, disable and delete', () => {
  let fx: WangsuFixture;

  beforeEach(async () => {
    fx = await startWangsuFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function requestStatus(requestId: string | null, method = 'GET') {
    return fx.json({ method, path: `/api/request/${requestId}` });
  }

  it('disables a domain: 202 with Location, WAIT → INPROGRESS → SUCCESS as the clock advances', async () => {
    const response = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });
    const id = response.requestId;
    const waiting = await requestStatus(id);
    const { status: statusWhileWaiting, enabled: enabledWhileWaiting } = fx.sandbox.domain('www.example.cn');
    fx.clock.advance(DEPLOY_MS / 2);
    const deploying = await requestStatus(id);
    fx.clock.advance(DEPLOY_MS / 2);
    const done = await requestStatus(id);

    expect(response.status).toBe(202);
    expect(response.json).toEqual({ message: 'success' });
    expect(response.location).toBe(`${fx.sandbox.url}/api/domain/100001`);
    expect(waiting).toEqual({
      'cnc-request-id': id,
      timestamp: 'Mon, 23 Nov 2026 10:00:00 CST',
      'async-result': 'WAIT',
      'async-message': expect.any(String),
    });
    expect(statusWhileWaiting).toBe('InProgress');
    expect(enabledWhileWaiting).toBe(true);
    expect(deploying['async-result']).toBe('INPROGRESS');
    expect(done['async-result']).toBe('SUCCESS');
    expect(fx.sandbox.domain('www.example.cn')).toMatchObject({ enabled: false, status: 'Deployed' });
  });

  it('shows the domain InProgress in the list while the change deploys, then Deployed', async () => {
    await fx.call({ method: 'PUT', path: '/api/domain/100002/disable' });
    const during = await fx.json({ path: '/api/domain/cdn.example.cn' });
    fx.clock.advance(DEPLOY_MS);
    const after = await fx.json({ path: '/api/domain/cdn.example.cn' });

    expect(during).toMatchObject({ status: 'InProgress', enabled: 'true' });
    expect(after).toMatchObject({ status: 'Deployed', enabled: 'false' });
  });

  it('enables a disabled domain and answers the request status over POST as well', async () => {
    const response = await fx.call({ method: 'PUT', path: '/api/domain/100004/enable' });
    fx.clock.advance(DEPLOY_MS);

    const done = await requestStatus(response.requestId, 'POST');

    expect(response.status).toBe(202);
    expect(done['async-result']).toBe('SUCCESS');
    expect(fx.sandbox.domain('video.example.cn').enabled).toBe(true);
  });

  it('ends FAIL after failNextDeploy and leaves the domain as it was', async () => {
    fx.sandbox.failNextDeploy('www.example.cn');

    const response = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });
    fx.clock.advance(DEPLOY_MS);
    const failed = await requestStatus(response.requestId);
    const next = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });
    fx.clock.advance(DEPLOY_MS);
    const succeeded = await requestStatus(next.requestId);

    expect(failed).toMatchObject({
      'async-result': 'FAIL',
      'async-message': expect.stringContaining('failed'),
    });
    expect(succeeded['async-result']).toBe('SUCCESS');
    expect(fx.sandbox.domain('www.example.cn')).toMatchObject({ enabled: false, status: 'Deployed' });
  });

  it('stays FAIL with the domain unchanged right after the failure', async () => {
    fx.sandbox.failNextDeploy('WWW.example.cn');

    await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });
    fx.clock.advance(DEPLOY_MS);

    expect(fx.sandbox.domain('www.example.cn')).toMatchObject({ enabled: true, status: 'Deployed' });
  });

  it('finishes everything pending at once with finishAll', async () => {
    const response = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });

    fx.sandbox.finishAll();

    expect((await requestStatus(response.requestId))['async-result']).toBe('SUCCESS');
    expect(fx.sandbox.domain('www.example.cn').enabled).toBe(false);
  });

  it.each([
    ['enabling an enabled domain', '/api/domain/100001/enable', 'DomainAlreadyEnabled'],
    ['disabling a disabled domain', '/api/domain/100004/disable', 'DomainAlreadyDisabled'],
  ])('refuses %s with 400 %s', async (_label, path, code) => {
    const response = await fx.call({ method: 'PUT', path });

    expect(response.status).toBe(400);
    expect(response.requestId).toBeTruthy();
    expect(response.json).toEqual({ code, message: expect.any(String) });
  });

  it('takes only the domain-id for enable and disable, and says which id a name has', async () => {
    const response = await fx.call({ method: 'PUT', path: '/api/domain/www.example.cn/disable' });

    expect(response.status).toBe(404);
    expect(response.json).toEqual({ code: 'NoSuchDomain', message: expect.stringContaining('(100001)') });
  });

  it('refuses a second change while one is pending on the domain with 409 DomainInProgress', async () => {
    const first = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });

    const second = await fx.call({ method: 'PUT', path: '/api/domain/100001/enable' });

    expect(second.status).toBe(409);
    expect(second.json).toEqual({
      code: 'DomainInProgress',
      message: expect.stringContaining(`/api/request/${first.requestId}`),
    });
  });

  it('deletes a domain by name: it is gone once the request succeeds', async () => {
    const response = await fx.call({ method: 'DELETE', path: '/api/domain/dl.example.cn' });
    const during = await fx.call({ path: '/api/domain/dl.example.cn' });
    fx.clock.advance(DEPLOY_MS);
    const after = await fx.call({ path: '/api/domain/dl.example.cn' });
    const status = await requestStatus(response.requestId);

    expect(response.status).toBe(202);
    expect(response.location).toBe(`${fx.sandbox.url}/api/domain/100005`);
    expect(during.json).toMatchObject({ status: 'InProgress' });
    expect(after.status).toBe(404);
    expect(status['async-result']).toBe('SUCCESS');
    expect(() => fx.sandbox.domain('dl.example.cn')).toThrow(/no domain/);
  });

  it('answers 404 NoSuchRequest for an id that is not an async change of the account', async () => {
    const plain = await fx.call({ path: '/api/domain' });

    const response = await fx.call({ path: `/api/request/${plain.requestId}` });

    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ code: 'NoSuchRequest' });
  });

  it('follows a request made with AK/SK through Basic: both credentials are one account', async () => {
    const response = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });

    const status = await fx.call({ path: `/api/request/${response.requestId}`, scheme: 'basic' });

    expect(status.status).toBe(200);
  });

  it('keeps async requests private to their account', async () => {
    await fx.sandbox.close();
    const other = { accessKey: 'AK-other', secretKey: 'SK-other', domains: [{ domain: 'www.other.cn' }] };
    fx = await startWangsuFixture({ accounts: [DEMO_WANGSU_ACCOUNT, other] });
    const response = await fx.call({ method: 'PUT', path: '/api/domain/100001/disable' });

    const status = await wangsuRequest(fx.sandbox.url, other, fx.clock, {
      path: `/api/request/${response.requestId}`,
    });

    expect(status.status).toBe(404);
  });
});
