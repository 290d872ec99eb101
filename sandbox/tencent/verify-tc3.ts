import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalRequest,
  credentialDate,
  credentialScope,
  deriveSigningKey,
  sha256Hex,
  signature,
  stringToSign,
} from '../../src/providers/tencent/sign.ts';
import { ApiError } from './api-error.ts';
import { headerValue } from './header-value.ts';
import type { Tc3Authorization } from './parse-authorization.ts';

/** Tencent refuses timestamps more than 5 minutes away from its own time, either way. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const REQUIRED_SIGNED_HEADERS = ['content-type', 'host'];

function signatureFailure(reason: string): ApiError {
  return new ApiError(
    'AuthFailure.SignatureFailure',
    `The provided credentials could not be validated: ${reason}.`,
  );
}

/**
 * Checks a TC3-HMAC-SHA256 request the way Tencent does: timestamp freshness first, then the signature recomputed
 * with the account's key over the **raw body bytes received** and the received values of the headers the client
 * says it signed. Throws the Tencent error code on failure.
 */
export function verifyTc3(input: {
  method: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  authorization: Tc3Authorization;
  secretKey: string;
  /** The TC3 service this endpoint is, `cdn`. */
  service: string;
  nowMs: number;
}): void {
  const { authorization } = input;
  const timestampText = headerValue(input.headers, 'x-tc-timestamp');
  if (timestampText === undefined) {
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `X-TC-Timestamp`.');
  }
  if (!/^\d+$/.test(timestampText)) {
    throw new ApiError('InvalidParameter', '`X-TC-Timestamp` must be Unix time in whole seconds.');
  }
  const timestamp = Number(timestampText);
  if (Math.abs(timestamp * 1000 - input.nowMs) > MAX_SKEW_MS) {
    throw new ApiError(
      'AuthFailure.SignatureExpire',
      `Signature expired: X-TC-Timestamp ${timestamp} is more than 5 minutes from server time ${Math.floor(input.nowMs / 1000)}.`,
    );
  }
  const signedHeaders = authorization.signedHeaders.map((name) => name.toLowerCase());
  const unsigned = REQUIRED_SIGNED_HEADERS.filter((name) => !signedHeaders.includes(name));
  if (unsigned.length > 0) throw signatureFailure(`SignedHeaders must include ${unsigned.join(' and ')}`);
  if (authorization.service !== input.service) {
    throw signatureFailure(
      `the credential scope names service \`${authorization.service}\`, not \`${input.service}\``,
    );
  }
  const date = credentialDate(timestamp);
  if (authorization.date !== date) {
    throw signatureFailure(
      `the credential scope date ${authorization.date} is not the UTC date of X-TC-Timestamp (${date})`,
    );
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(input.headers, name);
    if (value === undefined) throw signatureFailure(`signed header \`${name}\` is not in the request`);
    headers[name] = value;
  }
  const request = canonicalRequest({
    method: input.method,
    uri: '/',
    query: '',
    headers,
    signedHeaders,
    payloadHash: sha256Hex(input.body),
  });
  const toSign = stringToSign({
    timestamp,
    credentialScope: credentialScope(date, input.service),
    canonicalRequestHash: sha256Hex(request),
  });
  const expected = signature(deriveSigningKey(input.secretKey, date, input.service), toSign);
  if (expected !== authorization.signature) throw signatureFailure('the signature does not match');
}
