import { ApiError } from './api-error.ts';

/** The parts of `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=<a;b>, Signature=<hex>`. */
export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const PATTERN =
  /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/([^/\s,]+)\/([^/\s,]+)\/tc3_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** The SecretId a header names, even when the rest is garbled: recorded in `calls` for every request. */
export function claimedSecretId(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /Credential=([^/\s,]+)/.exec(header)?.[1];
}

/** Throws `AuthFailure.InvalidAuthorization` when the header is missing or not in the TC3 form. */
export function parseAuthorization(header: string | undefined): Tc3Authorization {
  const match = header === undefined ? null : PATTERN.exec(header.trim());
  if (!match) {
    throw new ApiError(
      'AuthFailure.InvalidAuthorization',
      'Authorization header is missing or is not `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.',
    );
  }
  const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = match;
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}
