import { createHash, createHmac } from 'node:crypto';

/**
 * Wangsu (ChinaNetCenter) Open API request signing, both schemes (reference §1), one pure function per step so a
 * failing vector shows which stage broke. The date and timestamp are always parameters: nothing here reads the clock.
 *
 * - API-key Basic (§1.1): `Date: <RFC 1123 GMT>` and
 *   `Authorization: Basic base64(user ":" base64(HMAC-SHA1(apiKey, <exact Date string>)))`.
 * - AK/SK `CNC-HMAC-SHA256` (§1.2): a SigV4-like canonical request with **lower-cased header values**, signed with
 *   HMAC-SHA256 under the secret key; sent with `x-cnc-accessKey`, `x-cnc-timestamp` and `x-cnc-auth-method: AKSK`.
 */

export const AKSK_ALGORITHM = 'CNC-HMAC-SHA256';

/** What all official SDKs sign; Content-Type is sent (and signed) even on GET. */
export const DEFAULT_SIGNED_HEADERS: readonly string[] = ['content-type', 'host'];

/** Lowercase hex SHA-256. Strings are hashed as their UTF-8 bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---- API-key Basic scheme ----------------------------------------------------------------------------------

/**
 * The `Date` header for `epochMs`: RFC 1123, always UTC and ending in `GMT`, e.g. `Sat, 19 Sep 2026 14:20:02 GMT`.
 * Formatting local time with a `GMT` suffix (a bug seen in a public Go client) is off by the zone offset and
 * fails the server's freshness check.
 */
export function rfc1123Date(epochMs: number): string {
  // toUTCString is specified (ECMA-262 §21.4.4.43) as exactly this form, with a zero-padded day.
  return new Date(epochMs).toUTCString();
}

/** The Basic password: `base64(HMAC-SHA1(key = apiKey, message = the exact Date header string))`. */
export function basicPassword(apiKey: string, date: string): string {
  return createHmac('sha1', apiKey).update(date).digest('base64');
}

/** The whole header value, `Basic base64(username ":" password)`. Send the same `date` as the `Date` header. */
export function basicAuthorization(username: string, apiKey: string, date: string): string {
  const credentials = `${username}:${basicPassword(apiKey, date)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

// ---- AK/SK CNC-HMAC-SHA256 scheme --------------------------------------------------------------------------

/** Lower-case names, sorted, de-duplicated: the `SignedHeaders=` value is these joined with `;`. */
export function normalizeSignedHeaders(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.trim().toLowerCase()))].sort();
}

/**
 * Percent-decodes like Python's `urllib.parse.unquote` (the Python SDK's choice): `%XX` runs become their UTF-8
 * text (invalid UTF-8 becomes U+FFFD), a `%` not followed by two hex digits stays as is, and `+` stays `+`.
 * The Go SDK's `url.QueryUnescape` would turn `+` into a space, so send `+` as `%2B` (reference §2) and both agree.
 */
export function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) =>
    Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'),
  );
}

/**
 * The canonical query: the raw query string after `?`, URL-decoded and **not** sorted. It is empty for POST even
 * when the URL has a query (report APIs put `dateFrom`/`dateTo` there), as every SDK does.
 */
export function canonicalQuery(method: string, rawQuery: string): string {
  if (method.toUpperCase() === 'POST') return '';
  return percentDecode(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery);
}

/**
 * The payload hash: SHA-256 of the body for POST and PUT, and for DELETE when there is a body (the Go SDK does;
 * Python/Java hash nothing for DELETE, which gives the same hash when the body is empty). Every other method hashes
 * the empty string.
 */
export function hashedPayload(method: string, body: string | Uint8Array): string {
  const upper = method.toUpperCase();
  const hashesBody = upper === 'POST' || upper === 'PUT' || upper === 'DELETE';
  return sha256Hex(hashesBody ? body : '');
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/**
 * Step 1: `METHOD\npath\nquery\ncanonicalHeaders\nsignedHeaders\npayloadHash`, where canonical headers are
 * `name:<lower-cased, trimmed value>\n` per signed header (sorted), so a blank line follows them. `query` is used
 * as given: pass `canonicalQuery(method, raw)`. Headers are looked up case-insensitively; a signed header that is
 * absent throws, since no valid signature exists.
 */
export function canonicalRequest(input: {
  method: string;
  /** The path without the query, e.g. `/api/config/visitcontrol/www.example.com`. */
  path: string;
  query: string;
  headers: Record<string, string>;
  /** Default `content-type;host`. */
  signedHeaders?: readonly string[];
  payloadHash: string;
}): string {
  const names = normalizeSignedHeaders(input.signedHeaders ?? DEFAULT_SIGNED_HEADERS);
  const lines = names.map((name) => {
    const value = findHeader(input.headers, name);
    if (value === undefined) throw new Error(`signed header "${name}" is missing from the request headers`);
    return `${name}:${value.trim().toLowerCase()}\n`;
  });
  return [
    input.method.toUpperCase(),
    input.path,
    input.query,
    lines.join(''),
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

/** Step 2: `CNC-HMAC-SHA256\n<timestamp seconds>\n<hex sha256 of the canonical request>`. */
export function stringToSign(timestamp: number, canonicalRequestHash: string): string {
  return [AKSK_ALGORITHM, String(timestamp), canonicalRequestHash].join('\n');
}

/** Step 3: lowercase hex HMAC-SHA256 of the string to sign, keyed with the secret key itself (no derivation). */
export function signature(secretKey: string, stringToSign: string): string {
  return createHmac('sha256', secretKey).update(stringToSign).digest('hex');
}

/** Step 4: `CNC-HMAC-SHA256 Credential=<AK>, SignedHeaders=<a;b>, Signature=<hex>`. */
export function akSkAuthorization(accessKey: string, signedHeaders: readonly string[], sig: string): string {
  const names = normalizeSignedHeaders(signedHeaders).join(';');
  return `${AKSK_ALGORITHM} Credential=${accessKey}, SignedHeaders=${names}, Signature=${sig}`;
}

/**
 * Signs one request under AK/SK and returns the headers to add: `Authorization`, `x-cnc-accessKey`,
 * `x-cnc-timestamp` and `x-cnc-auth-method: AKSK`. It signs `content-type;host`, so send exactly this
 * `Content-Type` and `Host`, and exactly the `body` bytes given.
 */
export function signAkSk(input: {
  accessKey: string;
  secretKey: string;
  method: string;
  /** The path without the query. */
  path: string;
  /** The raw query string after `?` as sent (percent-encoded), `''` when none. Ignored for POST. */
  query: string;
  /** The Host header as sent, e.g. `open.chinanetcenter.com` (with `:port` if the URL has one). */
  host: string;
  contentType: string;
  /** The exact body sent, `''` when none. */
  body: string;
  /** Unix seconds, the `x-cnc-timestamp` value. */
  timestamp: number;
}): Record<string, string> {
  const request = canonicalRequest({
    method: input.method,
    path: input.path,
    query: canonicalQuery(input.method, input.query),
    headers: { 'content-type': input.contentType, host: input.host },
    signedHeaders: DEFAULT_SIGNED_HEADERS,
    payloadHash: hashedPayload(input.method, input.body),
  });
  const sig = signature(input.secretKey, stringToSign(input.timestamp, sha256Hex(request)));
  return {
    Authorization: akSkAuthorization(input.accessKey, DEFAULT_SIGNED_HEADERS, sig),
    'x-cnc-accessKey': input.accessKey,
    'x-cnc-timestamp': String(input.timestamp),
    'x-cnc-auth-method': 'AKSK',
  };
}
