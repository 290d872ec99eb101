import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  canonicalRequest,
  credentialDate,
  deriveSigningKey,
  sha256Hex,
  signature,
  signTc3,
  stringToSign,
} from '../../../src/providers/tencent/sign.ts';
import { TC3_VECTORS, type Tc3Vector } from './tc3-vectors.ts';

function vector(prefix: string): Tc3Vector {
  const found = TC3_VECTORS.find((v) => v.name.startsWith(prefix));
  if (!found) throw new Error(`no vector ${prefix}`);
  return found;
}

function hmacHex(key: string | Uint8Array, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

describe('signTc3 against the official vectors', () => {
  it.each(TC3_VECTORS)('produces the published Authorization for $name', (v) => {
    const result = signTc3({
      secretId: v.secretId,
      secretKey: v.secretKey,
      service: v.service,
      host: v.host,
      action: v.action,
      contentType: v.contentType,
      body: v.body,
      timestamp: v.timestamp,
      signedHeaders: v.signedHeaders,
    });

    expect(result.authorization).toBe(v.expected.authorization);
    expect(result.authorization.endsWith(`Signature=${v.expected.signature}`)).toBe(true);
    if (v.expected.payloadHash) expect(result.payloadHash).toBe(v.expected.payloadHash);
  });

  it('signs content-type;host when no signed headers are given', () => {
    const v = vector('A');

    const result = signTc3({ ...v, signedHeaders: undefined });

    expect(result.authorization).toBe(v.expected.authorization);
  });
});

describe('TC3 steps', () => {
  it('hashes the doc body with its literal backslash-u escapes', () => {
    const v = vector('A');

    expect(sha256Hex(v.body)).toBe(v.expected.payloadHash);
    expect(sha256Hex(new TextEncoder().encode(v.body))).toBe(v.expected.payloadHash);
  });

  it('hashes non-ASCII strings as UTF-8 bytes', () => {
    expect(sha256Hex('未命名')).toBe(sha256Hex(Buffer.from('未命名', 'utf8')));
  });

  it('builds vector C canonical request, lower-casing the signed x-tc-action value', () => {
    const v = vector('C');

    const request = canonicalRequest({
      method: 'POST',
      uri: '/',
      query: '',
      headers: { 'Content-Type': v.contentType, Host: v.host, 'X-TC-Action': v.action },
      signedHeaders: v.signedHeaders,
      payloadHash: sha256Hex(v.body),
    });

    expect(request).toBe(v.expected.canonicalRequest);
    expect(sha256Hex(request)).toBe(v.expected.canonicalRequestHash);
  });

  it('sorts signed headers and trims values', () => {
    const request = canonicalRequest({
      method: 'post',
      uri: '/',
      query: '',
      headers: { host: '  cdn.tencentcloudapi.com ', 'content-type': 'application/json' },
      signedHeaders: ['host', 'content-type'],
      payloadHash: 'abc',
    });

    expect(request).toBe(
      'POST\n/\n\ncontent-type:application/json\nhost:cdn.tencentcloudapi.com\n\ncontent-type;host\nabc',
    );
  });

  it('refuses to sign a header that is not there', () => {
    expect(() =>
      canonicalRequest({
        method: 'POST',
        uri: '/',
        query: '',
        headers: { host: 'cdn.tencentcloudapi.com' },
        signedHeaders: ['content-type', 'host'],
        payloadHash: 'abc',
      }),
    ).toThrow(/content-type/);
  });

  it.each([vector('A'), vector('B')])('builds the published string to sign for $name', (v) => {
    const result = stringToSign({
      timestamp: v.timestamp,
      credentialScope: `${v.expected.date}/${v.service}/tc3_request`,
      canonicalRequestHash: v.expected.canonicalRequestHash ?? '',
    });

    expect(result).toBe(v.expected.stringToSign);
  });

  it('derives vector C intermediate and signing keys', () => {
    const v = vector('C');

    const secretDate = createHmac('sha256', `TC3${v.secretKey}`).update(v.expected.date).digest();
    const secretService = createHmac('sha256', secretDate).update(v.service).digest();
    const signingKey = deriveSigningKey(v.secretKey, v.expected.date, v.service);

    expect(secretDate.toString('hex')).toBe(v.expected.secretDate);
    expect(secretService.toString('hex')).toBe(v.expected.secretService);
    expect(signingKey.toString('hex')).toBe(v.expected.secretSigning);
    expect(hmacHex(secretService, 'tc3_request')).toBe(v.expected.secretSigning);
  });

  it('signs vector C string to sign with the derived key', () => {
    const v = vector('C');
    const toSign = stringToSign({
      timestamp: v.timestamp,
      credentialScope: '2019-02-25/cvm/tc3_request',
      canonicalRequestHash: v.expected.canonicalRequestHash ?? '',
    });

    const result = signature(deriveSigningKey(v.secretKey, '2019-02-25', 'cvm'), toSign);

    expect(result).toBe(v.expected.signature);
  });

  it('formats the Authorization header', () => {
    const result = authorizationHeader({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      credentialScope: '2019-02-25/cvm/tc3_request',
      signedHeaders: ['content-type', 'host'],
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });

    expect(result).toBe(vector('A').expected.authorization);
  });

  it.each([
    [1551113065, '2019-02-25'], // 2019-02-26 00:44:25 in Beijing: the scope date must still be the UTC one
    [1551139199, '2019-02-25'], // 23:59:59 UTC
    [1551139200, '2019-02-26'], // 00:00:00 UTC
    [1640995200, '2022-01-01'],
  ])('uses the UTC date for timestamp %i', (timestamp, date) => {
    expect(credentialDate(timestamp)).toBe(date);
  });
});
