import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalQuery,
  canonicalRequest,
  normalizeSignedHeaders,
  sha256Hex,
  signature,
  stringToSign,
} from '../../src/providers/wangsu/sign.ts';
import { headerValue } from '../tencent/header-value.ts';
import { AKSK_SIGNATURE_ERROR, akSkAuthFailure } from './auth-errors.ts';
import type { AccountState, SandboxState } from './state.ts';

/** `x-cnc-timestamp` may differ from server time by at most 5 minutes (reference §1.2, [S6]). */
const MAX_SKEW_SECONDS = 300;
const PATTERN =
  /^CNC-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/;

export interface AkSkRequest {
  method: string;
  /** The path as received, without the query. */
  path: string;
  /** The raw query after `?` as received. */
  query: string;
  headers: IncomingHttpHeaders;
  /** The raw body bytes received. */
  body: Uint8Array;
}

/** The AK named by `Credential=`, even when the rest is garbled: recorded in `calls`. */
export function claimedAccessKey(authorization: string): string | undefined {
  return /Credential=([^,\s]+)/.exec(authorization)?.[1];
}

/**
 * Payload hashes a correct client may have used. GET and HEAD hash nothing; POST and PUT hash the body; for other
 * methods (DELETE) the SDKs disagree (Go hashes a body, Python/Java never do), so both are accepted.
 */
function payloadHashes(method: string, body: Uint8Array): string[] {
  if (method === 'GET' || method === 'HEAD') return [sha256Hex('')];
  if (method === 'POST' || method === 'PUT') return [sha256Hex(body)];
  return [...new Set([sha256Hex(body), sha256Hex('')])];
}

/** Python's `unquote` keeps `+`; Go's `QueryUnescape` makes it a space. Both are accepted. */
function canonicalQueries(method: string, rawQuery: string): string[] {
  const kept = canonicalQuery(method, rawQuery);
  return [...new Set([kept, canonicalQuery(method, rawQuery.replaceAll('+', '%20'))])];
}

/**
 * Checks a `CNC-HMAC-SHA256` request the way the SDKs sign it: header form, `x-cnc-accessKey`, timestamp
 * freshness, then the signature recomputed with the account's secret over the **raw bytes received** and the
 * received values (lower-cased) of the headers the client says it signed. A signed header that is absent counts as
 * empty, as in the Python SDK. Throws a 401 `{"status":0,"result"}` on failure.
 */
export function verifyAkSk(
  state: SandboxState,
  request: AkSkRequest,
  authorization: string,
  nowMs: number,
): AccountState {
  const match = PATTERN.exec(authorization);
  if (!match) {
    throw akSkAuthFailure(
      'authorization is error! Expected "CNC-HMAC-SHA256 Credential=<accessKey>, SignedHeaders=<a;b>, Signature=<hex>".',
    );
  }
  const [, accessKey = '', signedHeaderList = '', received = ''] = match;
  if (headerValue(request.headers, 'x-cnc-accesskey') !== accessKey) {
    throw akSkAuthFailure('authorization is error! x-cnc-accessKey must be sent and equal the Credential.');
  }
  const timestampText = headerValue(request.headers, 'x-cnc-timestamp');
  if (timestampText === undefined || !/^\d+$/.test(timestampText)) {
    throw akSkAuthFailure('authorization is error! x-cnc-timestamp must be sent as Unix time in seconds.');
  }
  const timestamp = Number(timestampText);
  const serverSeconds = Math.floor(nowMs / 1000);
  if (Math.abs(timestamp - serverSeconds) > MAX_SKEW_SECONDS) {
    throw akSkAuthFailure(
      `authorization is error! x-cnc-timestamp ${timestamp} is out of range: more than ${MAX_SKEW_SECONDS} seconds from the server time ${serverSeconds}.`,
    );
  }
  const account = state.accounts.find((candidate) => candidate.accessKey === accessKey);
  if (!account || account.secretKey === undefined) throw akSkAuthFailure(AKSK_SIGNATURE_ERROR);
  const signedHeaders = normalizeSignedHeaders(signedHeaderList.split(';'));
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = headerValue(request.headers, name) ?? '';
  const method = request.method.toUpperCase();
  for (const query of canonicalQueries(method, request.query)) {
    for (const payloadHash of payloadHashes(method, request.body)) {
      const canonical = canonicalRequest({
        method,
        path: request.path,
        query,
        headers,
        signedHeaders,
        payloadHash,
      });
      const expected = signature(account.secretKey, stringToSign(timestamp, sha256Hex(canonical)));
      if (expected === received.toLowerCase()) return account;
    }
  }
  throw akSkAuthFailure(AKSK_SIGNATURE_ERROR);
}
