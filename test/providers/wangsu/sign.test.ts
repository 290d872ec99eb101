import { describe, expect, it } from 'vitest';
import {
  akSkAuthorization,
  basicAuthorization,
  basicPassword,
  canonicalQuery,
  canonicalRequest,
  hashedPayload,
  percentDecode,
  rfc1123Date,
  sha256Hex,
  signAkSk,
  signature,
  stringToSign,
} from '../../../src/providers/wangsu/sign.ts';
import { AKSK_VECTORS, type AkSkVector, BASIC_VECTORS } from './wangsu-vectors.ts';

function akSkVector(prefix: string): AkSkVector {
  const found = AKSK_VECTORS.find((v) => v.name.includes(prefix));
  if (!found) throw new Error(`no vector ${prefix}`);
  return found;
}

describe('API-key Basic scheme against the reference vectors', () => {
  it.each(BASIC_VECTORS)('produces the password and header for $name', (v) => {
    expect(basicPassword(v.apiKey, v.date)).toBe(v.expected.password);
    expect(basicAuthorization(v.username, v.apiKey, v.date)).toBe(v.expected.authorization);
  });

  it.each(BASIC_VECTORS)('formats the vector instant as its exact Date string for $name', (v) => {
    expect(rfc1123Date(v.epochMs)).toBe(v.date);
  });

  it('signs the exact Date string: one extra space changes the password', () => {
    const v = BASIC_VECTORS[0]!;

    expect(basicPassword(v.apiKey, v.date.replace(' GMT', '  GMT'))).not.toBe(v.expected.password);
  });
});

describe('rfc1123Date', () => {
  it.each([
    // 2026-09-20 07:30 in Beijing is still the 19th in UTC: the header must name the UTC day.
    [Date.UTC(2026, 8, 19, 23, 30, 0), 'Sat, 19 Sep 2026 23:30:00 GMT'],
    [Date.UTC(2026, 8, 19, 23, 59, 59), 'Sat, 19 Sep 2026 23:59:59 GMT'],
    [Date.UTC(2026, 8, 20, 0, 0, 0), 'Sun, 20 Sep 2026 00:00:00 GMT'],
    [Date.UTC(2026, 0, 5, 3, 4, 5), 'Mon, 05 Jan 2026 03:04:05 GMT'],
  ])('formats %i in UTC as %s', (epochMs, expected) => {
    expect(rfc1123Date(epochMs)).toBe(expected);
  });

  it('drops milliseconds', () => {
    expect(rfc1123Date(Date.UTC(2026, 8, 19, 14, 20, 2, 999))).toBe('Sat, 19 Sep 2026 14:20:02 GMT');
  });
});

describe('signAkSk against the reference vectors', () => {
  it.each(AKSK_VECTORS)('produces the published signature and headers for $name', (v) => {
    const headers = signAkSk({
      accessKey: v.accessKey,
      secretKey: v.secretKey,
      method: v.method,
      path: v.path,
      query: v.query,
      host: v.host,
      contentType: v.contentType,
      body: v.body,
      timestamp: v.timestamp,
    });

    expect(headers).toEqual({
      Authorization: `CNC-HMAC-SHA256 Credential=${v.accessKey}, SignedHeaders=content-type;host, Signature=${v.expected.signature}`,
      'x-cnc-accessKey': v.accessKey,
      'x-cnc-timestamp': String(v.timestamp),
      'x-cnc-auth-method': 'AKSK',
    });
  });
});

describe('AK/SK steps', () => {
  it.each(AKSK_VECTORS)('hashes the payload of $name', (v) => {
    expect(hashedPayload(v.method, v.body)).toBe(v.expected.payloadHash);
  });

  it.each(AKSK_VECTORS)('builds the canonical request of $name', (v) => {
    const request = canonicalRequest({
      method: v.method,
      path: v.path,
      query: canonicalQuery(v.method, v.query),
      headers: { 'Content-Type': v.contentType, Host: v.host },
      payloadHash: v.expected.payloadHash,
    });

    expect(request).toBe(v.expected.canonicalRequest);
    expect(sha256Hex(request)).toBe(v.expected.canonicalRequestHash);
  });

  it.each(AKSK_VECTORS)('builds the string to sign and signs it for $name', (v) => {
    const toSign = stringToSign(v.timestamp, v.expected.canonicalRequestHash);

    expect(toSign).toBe(v.expected.stringToSign);
    expect(signature(v.secretKey, toSign)).toBe(v.expected.signature);
  });

  it('lower-cases signed header values, sorts the names and trims', () => {
    const request = canonicalRequest({
      method: 'get',
      path: '/api/domain',
      query: '',
      headers: { HOST: ' Open.ChinaNetCenter.com ', 'content-type': 'Application/JSON' },
      signedHeaders: ['Host', 'Content-Type'],
      payloadHash: 'abc',
    });

    expect(request).toBe(
      'GET\n/api/domain\n\ncontent-type:application/json\nhost:open.chinanetcenter.com\n\ncontent-type;host\nabc',
    );
  });

  it('refuses to sign a header that is not there', () => {
    expect(() =>
      canonicalRequest({
        method: 'GET',
        path: '/api/domain',
        query: '',
        headers: { host: 'open.chinanetcenter.com' },
        payloadHash: 'abc',
      }),
    ).toThrow(/content-type/);
  });

  it.each([
    ['GET', 'type=purge', 'type=purge'],
    ['GET', '?type=purge', 'type=purge'],
    ['GET', 'b=2&a=1', 'b=2&a=1'], // not sorted
    ['GET', 'dateFrom=2026-11-23T10%3A00%3A00%2B08%3A00', 'dateFrom=2026-11-23T10:00:00+08:00'],
    ['GET', 'q=%E6%96%87%E6%A1%A3', 'q=文档'],
    ['GET', 'a=1+2', 'a=1+2'], // `+` is not a space, as Python's unquote
    ['GET', 'a=100%', 'a=100%'], // a lone % stays
    ['PUT', 'x=%2F', 'x=/'],
    ['POST', 'dateFrom=2026-11-23T10%3A00%3A00%2B08%3A00', ''], // POST never signs its query
  ])('canonicalises a %s query %s as %s', (method, raw, expected) => {
    expect(canonicalQuery(method, raw)).toBe(expected);
  });

  it('decodes invalid UTF-8 escapes to the replacement character instead of throwing', () => {
    expect(percentDecode('a=%FF')).toBe('a=\uFFFD');
  });

  it.each([
    ['POST', true],
    ['PUT', true],
    ['DELETE', true],
    ['GET', false],
    ['HEAD', false],
  ])('for %s hashes the body: %s', (method, hashesBody) => {
    const body = '{"a":1}';

    expect(hashedPayload(method, body)).toBe(sha256Hex(hashesBody ? body : ''));
  });

  it('hashes the empty string for a DELETE without a body, as every SDK agrees', () => {
    expect(hashedPayload('DELETE', '')).toBe(sha256Hex(''));
  });

  it('hashes non-ASCII bodies as UTF-8 bytes', () => {
    expect(hashedPayload('POST', '{"u":"文档"}')).toBe(sha256Hex(Buffer.from('{"u":"文档"}', 'utf8')));
  });

  it('formats the Authorization header', () => {
    const v = akSkVector('GET');

    expect(akSkAuthorization(v.accessKey, ['host', 'content-type'], v.expected.signature)).toBe(
      `CNC-HMAC-SHA256 Credential=ak-demo, SignedHeaders=content-type;host, Signature=${v.expected.signature}`,
    );
  });

  it('signs the query of a GET: a different query gives a different signature', () => {
    const base = { ...akSkVector('GET'), path: '/ccm/upperQuery' };

    const purge = signAkSk({ ...base, query: 'type=purge' });
    const fetch = signAkSk({ ...base, query: 'type=fetch' });

    expect(purge.Authorization).not.toBe(fetch.Authorization);
  });
});
