import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../../../sandbox/manual-clock.ts';
import { DEMO_WANGSU_ACCOUNT, startWangsuSandbox } from '../../../sandbox/wangsu/index.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const DEMO_NAMES = DEMO_WANGSU_ACCOUNT.domains.map((domain) => domain.domain);
const Summaries = z.array(z.looseObject({ 'domain-name': z.string() }));
const DomainList = z.object({ 'domain-list': Summaries });

describe('Wangsu sandbox domain list and detail', () => {
  let fx: WangsuFixture;

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it.each([
    ['domain-list', (json: unknown) => DomainList.parse(json)['domain-list']],
    [
      'domain-summary',
      (json: unknown) => z.object({ 'domain-summary': Summaries }).parse(json)['domain-summary'],
    ],
    ['array', (json: unknown) => Summaries.parse(json)],
  ] as const)('answers GET /api/domain in the %s wrapper', async (domainListShape, unwrap) => {
    fx = await startWangsuFixture({ domainListShape });

    const response = await fx.call({ path: '/api/domain' });

    expect(response.status).toBe(200);
    expect(unwrap(response.json).map((item) => item['domain-name'])).toEqual(DEMO_NAMES);
  });

  it('defaults to the domain-list wrapper, with string booleans and a status per domain', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({ path: '/api/domain' });

    const list = DomainList.parse(response.json)['domain-list'];
    expect(list[0]).toEqual({
      'domain-id': '100001',
      'domain-name': 'www.example.cn',
      cname: 'www.example.cn.wscdns.com',
      'service-type': 'web',
      status: 'Deployed',
      'cdn-service-status': 'true',
      enabled: 'true',
      'last-modified': 'Mon, 23 Nov 2026 10:00:00 GMT +8:00',
    });
    expect(list.find((item) => item['domain-name'] === 'video.example.cn')).toMatchObject({
      enabled: 'false',
    });
    expect(list.find((item) => item['domain-name'] === 'm.example.cn')).toMatchObject({
      status: 'InProgress',
    });
  });

  it('lists only the account’s own domains', async () => {
    fx = await startWangsuFixture({
      accounts: [
        DEMO_WANGSU_ACCOUNT,
        { username: 'other', apiKey: 'k', domains: [{ domain: 'www.other.cn' }] },
      ],
    });

    const response = await fx.call({ path: '/api/domain' });

    expect(DomainList.parse(response.json)['domain-list']).toHaveLength(DEMO_NAMES.length);
  });

  it.each(['www.example.cn', 'WWW.Example.CN', '100001'])('answers the detail of %s', async (nameOrId) => {
    fx = await startWangsuFixture();

    const body = await fx.json({ path: `/api/domain/${nameOrId}` });

    expect(body).toEqual({
      'domain-id': '100001',
      'domain-name': 'www.example.cn',
      'service-type': 'web',
      'service-areas': 'cn',
      comment: '',
      cname: 'www.example.cn.wscdns.com',
      'created-date': 'Mon, 23 Nov 2026 10:00:00 GMT +8:00',
      'last-modified': 'Mon, 23 Nov 2026 10:00:00 GMT +8:00',
      status: 'Deployed',
      'cdn-service-status': 'true',
      enabled: 'true',
      'origin-config': {
        'origin-ips': '203.0.113.10;203.0.113.11',
        'default-origin-host-header': 'www.example.cn',
      },
      ssl: { 'use-ssl': 'true', 'use-for-sni': 'true', 'ssl-certificate-id': '700101' },
    });
  });

  it('answers 404 NoSuchDomain for a domain that is not in the account', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({ path: '/api/domain/www.example.com' });

    expect(response.status).toBe(404);
    expect(response.requestId).toBeTruthy();
    expect(response.json).toEqual({
      code: 'NoSuchDomain',
      message: 'The domain www.example.com does not exist in this account.',
    });
  });

  it('shows live state changes made through sandbox.domain()', async () => {
    fx = await startWangsuFixture();
    fx.sandbox.domain('img.example.cn').cdnServiceStatus = false;

    const body = await fx.json({ path: '/api/domain/img.example.cn' });

    expect(body['cdn-service-status']).toBe('false');
  });

  it('answers 405 MethodNotAllowed for a known path with another method', async () => {
    fx = await startWangsuFixture();

    const response = await fx.call({ method: 'POST', path: '/api/domain/www.example.cn', body: {} });

    expect(response.status).toBe(405);
    expect(response.json).toMatchObject({ code: 'MethodNotAllowed' });
  });

  it('assigns ids, cnames and origins to seeds that leave them out', async () => {
    fx = await startWangsuFixture({
      accounts: [{ accessKey: 'a', secretKey: 's', domains: [{ domain: 'x.example.cn' }] }],
    });

    const domain = fx.sandbox.domain('x.example.cn');

    expect(domain).toMatchObject({
      domainId: '100001',
      cname: 'x.example.cn.wscdns.com',
      originIps: 'origin.x.example.cn',
      status: 'Deployed',
      enabled: true,
      visitControlRules: [],
      cacheTimeBehaviors: [],
    });
  });
});

describe('Wangsu sandbox start-up', () => {
  it.each([
    [
      'an account without a credential pair',
      { username: 'only-a-name', domains: [] },
      /needs username\+apiKey/,
    ],
    [
      'a domain seeded twice',
      { accessKey: 'a', secretKey: 's', domains: [{ domain: 'a.example.cn' }, { domain: 'A.example.cn' }] },
      /seeded twice/,
    ],
    [
      'an invalid visit-control seed',
      {
        accessKey: 'a',
        secretKey: 's',
        domains: [
          { domain: 'a.example.cn', visitControlRules: [{ directory: '/a/', 'control-action': '302' }] },
        ],
      },
      /302 needs rewrite-to/,
    ],
  ])('refuses %s', async (_label, account, message) => {
    await expect(startWangsuSandbox({ clock: createManualClock(), accounts: [account] })).rejects.toThrow(
      message,
    );
  });
});
