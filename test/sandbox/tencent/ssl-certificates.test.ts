import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TENCENT_ACCOUNT } from '../../../sandbox/tencent/index.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

let fx: SandboxFixture | undefined;
afterEach(async () => {
  await fx?.sandbox.close();
  fx = undefined;
});

const detail = (id: string) => ({
  action: 'DescribeCertificateDetail',
  params: { CertificateId: id },
  service: 'ssl',
  version: '2019-12-05',
});

describe('Tencent sandbox: the SSL Certificate service (ssl 2019-12-05)', () => {
  it('describes an uploaded certificate: main domain, every name, issuer and GMT+8 end time', async () => {
    fx = await startSandboxFixture();

    const answer = await fx.call(detail('Rn3vW8xZ'));

    expect(answer.Error).toBeUndefined();
    expect(answer).toMatchObject({
      Domain: '*.example.com',
      SubjectAltName: ['*.example.com', 'example.com'],
      ProductZhName: 'TrustAsia RSA DV TLS CA G2',
      Alias: 'example.com-wildcard',
      Status: 1,
    });
    expect(answer.CertEndTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('answers an unknown id with FailedOperation.CertificateNotFound', async () => {
    fx = await startSandboxFixture();

    expect((await fx.call(detail('Missing9'))).Error).toEqual({
      Code: 'FailedOperation.CertificateNotFound',
      Message: 'Certificate does not exist.',
    });
  });

  it('checks the signature for service ssl, and has no CDN actions nor the CDN version', async () => {
    fx = await startSandboxFixture();

    const signedForCdn = await fx.call({ ...detail('Rn3vW8xZ'), service: 'cdn', version: '2018-06-06' });
    const cdnActionOnSsl = await fx.call({
      action: 'DescribePurgeQuota',
      params: {},
      service: 'ssl',
      version: '2019-12-05',
    });
    const wrongVersion = await fx.call({ ...detail('Rn3vW8xZ'), version: '2018-06-06' });

    expect(signedForCdn.Error?.Code).toBe('InvalidAction');
    expect(cdnActionOnSsl.Error?.Code).toBe('InvalidAction');
    expect(wrongVersion.Error?.Code).toBe('NoSuchVersion');
  });

  it('allows 10 calls a second, its documented limit, counted apart from CDN actions', async () => {
    fx = await startSandboxFixture();
    const codes: (string | undefined)[] = [];
    for (let call = 0; call < 11; call += 1) {
      codes.push((await fx.call(detail('Rn3vW8xZ'))).Error?.Code);
      fx.clock.advance(50);
    }
    const cdn = await fx.call({ action: 'DescribePurgeQuota', params: {} });

    expect(codes.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(codes[10]).toBe('RequestLimitExceeded');
    expect(cdn.Error).toBeUndefined();
  });

  it('refuses an action the key’s CAM policy does not allow with AuthFailure.UnauthorizedOperation', async () => {
    fx = await startSandboxFixture({
      accounts: [{ ...DEMO_TENCENT_ACCOUNT, deniedActions: ['ssl:DescribeCertificateDetail'] }],
    });

    const answer = await fx.call(detail('Rn3vW8xZ'));

    expect(answer.Error?.Code).toBe('AuthFailure.UnauthorizedOperation');
    expect(answer.Error?.Message).toContain('ssl:DescribeCertificateDetail');
  });
});
