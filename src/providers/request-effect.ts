/**
 * Reads and writes fail differently. A read can be asked again at no cost; a write sent twice purges twice, spends
 * quota twice, or trips over its own first success ("domain already exists"). So every provider operation declares
 * its effect, and the retry policy asks one question of a failed write: could it have been applied?
 */
import { ProviderError } from '../errors.ts';

export type RequestEffect = 'read' | 'write';

/**
 * Errors Node and undici raise before any byte of the request reached the provider: no connection (refused,
 * unreachable, connect timeout), no address (DNS), or a TLS handshake that failed (the request is only written once
 * the handshake is done). Anything after that (reset, "other side closed", headers or body timeout, an abort)
 * may come after the provider read the request and acted on it.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // Certificate checks happen inside the handshake, before the request is written.
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
]);
/** OpenSSL alerts raised while negotiating: `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE`, `…_TLSV1_ALERT_PROTOCOL_VERSION`. */
const HANDSHAKE_ALERT = /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(HANDSHAKE_FAILURE|PROTOCOL_VERSION|UNKNOWN_CA)/;

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  // undici wraps some socket errors; the proof may sit a cause or two down.
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

/** True only when the error proves the request never reached the provider. */
export function neverSent(error: unknown): boolean {
  return codesOf(error).some((code) => NEVER_SENT_CODES.has(code) || HANDSHAKE_ALERT.test(code));
}

/**
 * HTTP statuses that mean "not processed": 429 (throttled) and 503 (the service would not take it). Other 5xx
 * (500, 502, 504) come from a gateway or a server that may already have handed the request on.
 */
export function statusProvesNotApplied(status: number): boolean {
  return status === 429 || status === 503;
}

/** The retry rule: reads retry whatever is retryable; writes only what provably did not take effect. */
export function mayRetry(effect: RequestEffect, error: unknown): boolean {
  if (!(error instanceof ProviderError) || !error.retryable) return false;
  return effect === 'read' || error.applied === 'no';
}
