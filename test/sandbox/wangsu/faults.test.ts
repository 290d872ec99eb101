import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

describe('Wangsu sandbox fault injection', () => {
  let fx: WangsuFixture;

  beforeEach(async () => {
    fx = await startWangsuFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('applies an error fault to the next call only, then answers normally', async () => {
    fx.sandbox.faults.push({ kind: 'error', status: 502, code: 'BadGateway', message: 'upstream down' });

    const first = await fx.call({ path: '/api/domain' });
    const second = await fx.call({ path: '/api/domain' });

    expect(first.status).toBe(502);
    expect(first.json).toEqual({ code: 'BadGateway', message: 'upstream down' });
    expect(first.requestId).toBeTruthy();
    expect(second.status).toBe(200);
    expect(fx.sandbox.faults.size).toBe(0);
  });

  it('defaults an error fault to 500 InternalError', async () => {
    fx.sandbox.faults.push({ kind: 'error' });

    const response = await fx.call({ path: '/api/domain' });

    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ code: 'InternalError' });
  });

  it('applies a fault `times` times, only to paths starting with its prefix', async () => {
    fx.sandbox.faults.push({ path: '/ccm/purge', kind: 'throttle', times: 2 });
    const purge = {
      method: 'POST',
      path: '/ccm/purge/ItemIdReceiver',
      body: { urls: ['https://www.example.cn/a'] },
    };

    const other = await fx.call({ path: '/api/domain' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fx.call(purge)).status);

    expect(other.status).toBe(200);
    expect(statuses).toEqual([446, 446, 200]);
  });

  it('answers a throttle fault like the real budget refusal', async () => {
    fx.sandbox.faults.push({ kind: 'throttle' });

    const response = await fx.call({ path: '/api/domain' });

    expect(response.status).toBe(446);
    expect(response.json).toMatchObject({ code: 'WPLUS_AccountApiTooFrequence' });
  });

  it('applies faults only after authentication', async () => {
    fx.sandbox.faults.push({ kind: 'error' });

    const badlySigned = await fx.call({ path: '/api/domain', signingKey: 'wrong' });
    const next = await fx.call({ path: '/api/domain' });

    expect(badlySigned.status).toBe(401);
    expect(next.status).toBe(500);
  });

  it('answers an http5xx fault with that status, an HTML body and a request id', async () => {
    fx.sandbox.faults.push({ kind: 'http5xx', status: 504 });

    const response = await fx.call({ path: '/api/domain' });

    expect(response.status).toBe(504);
    expect(response.json).toBeUndefined();
    expect(response.text).toContain('<h1>504</h1>');
    expect(response.requestId).toBeTruthy();
    expect(fx.sandbox.calls[0]?.status).toBe(504);
  });

  it('answers a malformed fault with HTTP 200 and cut-off JSON', async () => {
    fx.sandbox.faults.push({ kind: 'malformed' });

    const response = await fx.call({ path: '/api/domain' });

    expect(response.status).toBe(200);
    expect(response.json).toBeUndefined();
  });

  it('resets the connection for a reset fault and records status 0', async () => {
    fx.sandbox.faults.push({ kind: 'reset' });

    await expect(fx.call({ path: '/api/domain' })).rejects.toThrow();
    expect(fx.sandbox.calls[0]?.status).toBe(0);
  });

  it('delays the normal answer for a slow fault, then sends it', async () => {
    fx.sandbox.faults.push({ kind: 'slow', delayMs: 300 });

    const slow = fx.call({ path: '/api/domain' });
    const first = await Promise.race([
      slow.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 100)),
    ]);
    const response = await slow;

    expect(first).toBe('still waiting');
    expect(response.status).toBe(200);
  });
});
