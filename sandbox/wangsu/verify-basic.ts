import type { IncomingHttpHeaders } from 'node:http';
import { basicPassword, rfc1123Date } from '../../src/providers/wangsu/sign.ts';
import { headerValue } from '../tencent/header-value.ts';
import { basicAuthFailure } from './auth-errors.ts';
import { type AccountState, findAccount, type SandboxState } from './state.ts';

/** No source states a skew limit for the Basic Date header; the sandbox applies AK/SK's 5 minutes (reference §0). */
const MAX_SKEW_MS = 5 * 60 * 1000;
const RFC1123_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** `username:password` from `Basic <base64>`, or `undefined` when it does not decode to that form. */
export function decodeBasic(authorization: string): { username: string; password: string } | undefined {
  const encoded = authorization.replace(/^Basic\s+/i, '').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Epoch ms of an RFC 1123 GMT date that formats back to exactly the same text, else `undefined`. */
function parseRfc1123(text: string): number | undefined {
  if (!RFC1123_GMT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) || rfc1123Date(ms) !== text ? undefined : ms;
}

/**
 * Checks `Authorization: Basic base64(user:password)` with `password = base64(HMAC-SHA1(apiKey, Date))` over the
 * exact `Date` header received: form, then Date format, account, freshness, password. Throws a 401 on failure.
 */
export function verifyBasic(
  state: SandboxState,
  headers: IncomingHttpHeaders,
  authorization: string,
  nowMs: number,
): AccountState {
  const credentials = decodeBasic(authorization);
  if (!credentials) {
    throw basicAuthFailure('The HTTP authorization header is bad: expected Basic base64(username:password).');
  }
  const date = headerValue(headers, 'date');
  if (date === undefined) {
    throw basicAuthFailure('The Date header is missing: Basic authentication signs it, so it must be sent.');
  }
  const dateMs = parseRfc1123(date);
  if (dateMs === undefined) {
    throw basicAuthFailure(
      `The Date header "${date}" is not an RFC 1123 date in GMT, e.g. "Sat, 19 Sep 2026 14:20:02 GMT".`,
    );
  }
  const account = findAccount(state, credentials.username);
  if (!account || account.username !== credentials.username || account.apiKey === undefined) {
    throw basicAuthFailure('The HTTP authorization header is bad: account name does not exist.');
  }
  if (Math.abs(dateMs - nowMs) > MAX_SKEW_MS) {
    throw basicAuthFailure(
      `The Date header "${date}" is out of range: it must be within 5 minutes of the server time ${rfc1123Date(nowMs)}. Generate it from UTC.`,
    );
  }
  if (basicPassword(account.apiKey, date) !== credentials.password) {
    throw basicAuthFailure(
      'The HTTP authorization header is bad: the password does not match. It must be base64(HMAC-SHA1(apiKey, Date)) over the exact Date header sent.',
    );
  }
  return account;
}
