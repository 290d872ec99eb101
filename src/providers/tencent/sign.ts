import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), one pure function per step so a failing vector shows
 * which stage broke. Spec: https://www.tencentcloud.com/document/product/267/37447 and reference §2.2/§2.3.
 * The timestamp is always a parameter: nothing here reads the clock.
 */

const ALGORITHM = 'TC3-HMAC-SHA256';
const TERMINATOR = 'tc3_request';

/** The Node SDK signs only these two; Tencent requires at least them. */
export const DEFAULT_SIGNED_HEADERS: readonly string[] = ['content-type', 'host'];

/** Lowercase hex SHA-256. Strings are hashed as their UTF-8 bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The credential-scope date: the **UTC** date of the timestamp as `YYYY-MM-DD`. A local (UTC+8) date would be a
 * day ahead between 00:00 and 08:00 Beijing time and every request would fail then: 1551113065 → `2019-02-25`.
 */
export function credentialDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/** `<date>/<service>/tc3_request`, e.g. `2019-02-25/cdn/tc3_request`. */
export function credentialScope(date: string, service: string): string {
  return `${date}/${service}/${TERMINATOR}`;
}

/**
 * The value as it goes into the canonical headers. Values are used as given (trimmed), like the Node SDK does,
 * except `x-tc-action`: Tencent's current doc signs it lower-cased (`x-tc-action:describeinstances`), and official
 * vector C only verifies that way. The vectors' other values are lower-case already, so they cannot tell us more.
 */
function canonicalHeaderValue(name: string, value: string): string {
  const trimmed = value.trim();
  return name === 'x-tc-action' ? trimmed.toLowerCase() : trimmed;
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/**
 * Step 1: `METHOD\nURI\nQUERY\nCANONICAL_HEADERS\nSIGNED_HEADERS\nPAYLOAD_HASH`. Canonical headers are
 * `name:value\n` lines sorted by lower-case name, so the headers block is followed by an empty line.
 * Headers are looked up case-insensitively; a signed header that is absent throws, since no valid signature exists.
 */
export function canonicalRequest(input: {
  method: string;
  uri: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: readonly string[];
  payloadHash: string;
}): string {
  const names = input.signedHeaders.map((name) => name.toLowerCase()).sort();
  const lines = names.map((name) => {
    const value = findHeader(input.headers, name);
    if (value === undefined) throw new Error(`signed header "${name}" is missing from the request headers`);
    return `${name}:${canonicalHeaderValue(name, value)}\n`;
  });
  return [
    input.method.toUpperCase(),
    input.uri,
    input.query,
    lines.join(''),
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

/** Step 2: `TC3-HMAC-SHA256\n<timestamp seconds>\n<credential scope>\n<hex sha256 of canonical request>`. */
export function stringToSign(input: {
  timestamp: number;
  credentialScope: string;
  canonicalRequestHash: string;
}): string {
  return [ALGORITHM, String(input.timestamp), input.credentialScope, input.canonicalRequestHash].join('\n');
}

function hmac(key: string | Uint8Array, message: string): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

/** Step 3: kDate = HMAC("TC3"+key, date); kService = HMAC(kDate, service); kSigning = HMAC(kService, "tc3_request"). */
export function deriveSigningKey(secretKey: string, date: string, service: string): Buffer {
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, service);
  return hmac(secretService, TERMINATOR);
}

/** Step 4: lowercase hex HMAC-SHA256 of the string to sign. */
export function signature(signingKey: Uint8Array, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

/** Step 5: `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<a;b>, Signature=<hex>`. */
export function authorizationHeader(input: {
  secretId: string;
  credentialScope: string;
  signedHeaders: readonly string[];
  signature: string;
}): string {
  const signedHeaders = input.signedHeaders
    .map((name) => name.toLowerCase())
    .sort()
    .join(';');
  return `${ALGORITHM} Credential=${input.secretId}/${input.credentialScope}, SignedHeaders=${signedHeaders}, Signature=${input.signature}`;
}

/**
 * Signs a `POST /` API 3.0 request. It hashes exactly `body` (as UTF-8): send those same bytes, with the same
 * `Content-Type`, `Host` and `X-TC-Action` values, and `X-TC-Timestamp: <timestamp>`.
 */
export function signTc3(input: {
  secretId: string;
  secretKey: string;
  /** The first label of the endpoint host, e.g. `cdn`. */
  service: string;
  /** The Host header as sent, e.g. `cdn.tencentcloudapi.com` (with `:port` if the URL has one). */
  host: string;
  action: string;
  contentType: string;
  body: string;
  /** Unix seconds, the X-TC-Timestamp value. */
  timestamp: number;
  /** Lower-case names; default `content-type;host`. May add `x-tc-action`. */
  signedHeaders?: readonly string[];
}): { authorization: string; payloadHash: string } {
  const signedHeaders = input.signedHeaders ?? DEFAULT_SIGNED_HEADERS;
  const payloadHash = sha256Hex(input.body);
  const request = canonicalRequest({
    method: 'POST',
    uri: '/',
    query: '',
    headers: { 'content-type': input.contentType, host: input.host, 'x-tc-action': input.action },
    signedHeaders,
    payloadHash,
  });
  const scope = credentialScope(credentialDate(input.timestamp), input.service);
  const toSign = stringToSign({
    timestamp: input.timestamp,
    credentialScope: scope,
    canonicalRequestHash: sha256Hex(request),
  });
  const signingKey = deriveSigningKey(input.secretKey, credentialDate(input.timestamp), input.service);
  return {
    authorization: authorizationHeader({
      secretId: input.secretId,
      credentialScope: scope,
      signedHeaders,
      signature: signature(signingKey, toSign),
    }),
    payloadHash,
  };
}
