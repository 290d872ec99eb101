import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const DOMAIN = 'www.example.cn';
let fx: WangsuFixture;
beforeEach(async () => {
  fx = await startWangsuFixture();
});
afterEach(async () => {
  await fx.sandbox.close();
});

const edit = (originConfig: Record<string, unknown>) =>
  fx.call({ method: 'PUT', path: `/api/domain/${DOMAIN}`, body: { 'origin-config': originConfig } });

describe('Wangsu sandbox EditDomainConfig (PUT /api/domain/{domain}) origin-config', () => {
  it('replaces origin-ips and the Host header at once, answers 202 and follows the deployment', async () => {
    const response = await edit({
      'origin-ips': '203.0.113.30;203.0.113.31',
      'default-origin-host-header': 'origin.example.cn',
    });

    expect(response.status).toBe(202);
    const detail = await fx.json({ path: `/api/domain/${DOMAIN}` });
    expect(detail['origin-config']).toEqual({
      'origin-ips': '203.0.113.30;203.0.113.31',
      'default-origin-host-header': 'origin.example.cn',
    });
    expect(detail.status).toBe('InProgress');
    fx.clock.advance(30_000);
    const result = await fx.json({ path: `/api/request/${response.requestId}` });
    expect(result['async-result']).toBe('SUCCESS');
  });

  it('takes one domain as origin-ips', async () => {
    expect((await edit({ 'origin-ips': 'origin.example.cn' })).status).toBe(202);
  });

  it.each([
    ['16 IPs', Array.from({ length: 16 }, (_, index) => `203.0.113.${index + 1}`).join(';'), /at most 15/],
    ['an IP and a domain', '203.0.113.1;origin.example.cn', /not both/],
    ['two domains', 'a.example.cn;b.example.cn', /not both or several domains/],
    ['more than 500 characters', `${'a'.repeat(500)}.example.cn`, /longer than 500/],
    ['an IP with a port', '203.0.113.1:8080', /neither an IP nor a domain/],
  ])('refuses %s with 400 InvalidParameter and changes nothing', async (_case, ips, message) => {
    const before = fx.sandbox.domain(DOMAIN).originIps;

    const response = await edit({ 'origin-ips': ips });

    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringMatching(message) });
    expect(fx.sandbox.domain(DOMAIN).originIps).toBe(before);
  });

  it('refuses a Host header over 128 characters', async () => {
    const response = await edit({ 'default-origin-host-header': `${'h'.repeat(130)}.example.cn` });

    expect(response.status).toBe(400);
  });

  it('refuses a disabled domain and one whose disable is still deploying', async () => {
    fx.sandbox.domain(DOMAIN).enabled = false;
    expect((await edit({ 'origin-ips': '203.0.113.30' })).json).toMatchObject({ code: 'DomainDisabled' });

    fx.sandbox.domain(DOMAIN).enabled = true;
    const id = fx.sandbox.domain(DOMAIN).domainId;
    expect((await fx.call({ method: 'PUT', path: `/api/domain/${id}/disable` })).status).toBe(202);
    const response = await edit({ 'origin-ips': '203.0.113.30' });
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ code: 'DomainInProgress' });
  });
});
