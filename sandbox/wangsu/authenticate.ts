import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from '../tencent/header-value.ts';
import { akSkAuthFailure, basicAuthFailure } from './auth-errors.ts';
import type { AccountState, SandboxState } from './state.ts';
import { type AkSkRequest, claimedAccessKey, verifyAkSk } from './verify-aksk.ts';
import { decodeBasic, verifyBasic } from './verify-basic.ts';

export type AuthScheme = 'basic' | 'aksk';

function schemeOf(authorization: string | undefined): AuthScheme | undefined {
  if (authorization === undefined) return undefined;
  if (/^Basic\s/i.test(authorization)) return 'basic';
  if (/^CNC-HMAC-SHA256\s/.test(authorization)) return 'aksk';
  return undefined;
}

/** Who a request claims to be, known or not: recorded in `calls` for every request. */
export function claimedIdentity(headers: IncomingHttpHeaders): {
  account: string | undefined;
  authScheme: AuthScheme | undefined;
} {
  const authorization = headerValue(headers, 'authorization')?.trim();
  const authScheme = schemeOf(authorization);
  if (authorization === undefined || authScheme === undefined) return { account: undefined, authScheme };
  const account =
    authScheme === 'basic'
      ? decodeBasic(authorization)?.username
      : (claimedAccessKey(authorization) ?? headerValue(headers, 'x-cnc-accesskey'));
  return { account, authScheme };
}

/**
 * Authenticates before anything else. `x-cnc-auth-method` picks the scheme: absent means `BASIC`, and AK/SK must
 * say `AKSK` (reference §1.1, [S6]); the Authorization header has to match it. The refusal's body shape follows the
 * scheme the Authorization header tried.
 */
export function authenticate(
  state: SandboxState,
  request: AkSkRequest,
  nowMs: number,
): { account: AccountState; scheme: AuthScheme } {
  const authorization = headerValue(request.headers, 'authorization')?.trim();
  const scheme = schemeOf(authorization);
  if (authorization === undefined || scheme === undefined) {
    throw basicAuthFailure(
      'The Authorization header is missing or unsupported: send "Basic …" with a Date header, or "CNC-HMAC-SHA256 …" with x-cnc-auth-method: AKSK.',
    );
  }
  const method = (headerValue(request.headers, 'x-cnc-auth-method') ?? 'BASIC').trim().toUpperCase();
  if (scheme === 'aksk') {
    if (method !== 'AKSK') {
      throw akSkAuthFailure(
        `authorization is error! x-cnc-auth-method must be AKSK for CNC-HMAC-SHA256 (it was ${method === 'BASIC' ? 'missing or BASIC, and BASIC is the default' : method}).`,
      );
    }
    return { account: verifyAkSk(state, request, authorization, nowMs), scheme };
  }
  if (method !== 'BASIC') {
    throw basicAuthFailure(
      `x-cnc-auth-method is ${method} but the Authorization header is Basic: send BASIC or leave the header out.`,
    );
  }
  return { account: verifyBasic(state, request.headers, authorization, nowMs), scheme };
}
