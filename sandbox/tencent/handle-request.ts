import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.ts';
import { settleDomainChanges } from './domain-transition.ts';
import { type Envelope, errorEnvelope, successEnvelope } from './envelope.ts';
import { headerValue } from './header-value.ts';
import { claimedSecretId, parseAuthorization } from './parse-authorization.ts';
import { admitCall } from './rate-limit.ts';
import { faultReply, type SandboxReply } from './sandbox-reply.ts';
import { jsonText } from './serialized-json.ts';
import { CDN_SERVICE, type SandboxService, serviceNamed } from './services.ts';
import type { AccountState, SandboxState } from './state.ts';
import { verifyTc3 } from './verify-tc3.ts';

const CONTENT_TYPE = /^application\/json(\s*;\s*charset=utf-8)?$/i;
const DEFAULT_SLOW_MS = 50;

export interface SandboxRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The raw bytes received: the signature is checked over exactly these. */
  body: Buffer;
}

export interface HandledRequest {
  action: string;
  secretId: string | undefined;
  params: unknown;
  reply: SandboxReply;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A `truncate` fault: the whole envelope promised by Content-Length, half of it sent. */
function truncated(body: Envelope): SandboxReply {
  return {
    kind: 'truncated',
    status: 200,
    contentType: 'application/json',
    body: Buffer.from(jsonText(body)),
  };
}

/** Protocol checks Tencent makes after authentication, then the action itself. */
function runAction(
  state: SandboxState,
  account: AccountState,
  request: SandboxRequest,
  action: string,
  nowMs: number,
  service: SandboxService,
): Record<string, unknown> {
  if (request.method !== 'POST') {
    throw new ApiError('UnsupportedProtocol', `The sandbox accepts only POST, got ${request.method}.`);
  }
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  if (!CONTENT_TYPE.test(contentType.trim())) {
    throw new ApiError('InvalidRequest', `Content-Type must be application/json, got \`${contentType}\`.`);
  }
  if (action === '')
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `X-TC-Action`.');
  const version = headerValue(request.headers, 'x-tc-version');
  if (version === undefined) {
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `X-TC-Version`.');
  }
  if (version !== service.version) {
    throw new ApiError(
      'NoSuchVersion',
      `The specified api version='${version}' does not exist in service='${service.name}'.`,
    );
  }
  const handler = service.actions.get(action);
  if (!handler) throw new ApiError('InvalidAction', `The requested action \`${action}\` does not exist.`);
  if (account.deniedActions.has(`${service.name}:${action}`)) {
    // CAM answers before the action looks at its parameters.
    throw new ApiError(
      'AuthFailure.UnauthorizedOperation',
      `you are not authorized to perform operation (${service.name}:${action}) resource (qcs::${service.name}::uin/${account.appId}:*) has no permission`,
    );
  }
  const text = request.body.toString('utf8');
  const params = text.trim() === '' ? {} : parseJson(request.body);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
  }
  settleDomainChanges(account, nowMs);
  return handler(params, { state, account, now: nowMs });
}

/**
 * One API 3.0 request (CDN or SSL Certificate, see services.ts), from raw bytes to the reply: authenticate (before anything else), apply the next matching
 * fault, check the protocol, run the action. Never throws: unexpected errors answer `InternalError`.
 */
export function handleRequest(
  state: SandboxState,
  request: SandboxRequest,
  requestId: string,
  nowMs: number,
): HandledRequest {
  const action = headerValue(request.headers, 'x-tc-action') ?? '';
  const authorizationHeader = headerValue(request.headers, 'authorization');
  const recorded = {
    action,
    secretId: claimedSecretId(authorizationHeader),
    params: parseJson(request.body),
  };
  let delayMs = 0;
  let service = CDN_SERVICE;
  let truncate = false;
  let drop = false;
  try {
    const authorization = parseAuthorization(authorizationHeader);
    const account = state.accounts.get(authorization.secretId);
    if (!account) {
      throw new ApiError(
        'AuthFailure.SecretIdNotFound',
        'The SecretId is not found, please ensure it is correct.',
      );
    }
    service = serviceNamed(authorization.service);
    verifyTc3({
      method: request.method,
      headers: request.headers,
      body: request.body,
      authorization,
      secretKey: account.secretKey,
      service: service.name,
      nowMs,
    });
    // Throttling comes before anything else the request asks: Tencent counts it per account and action.
    if (service.actions.has(action))
      admitCall(account, action, nowMs, { service: service.name, callsPerSecond: service.callsPerSecond });
    const fault = state.faults.take(action);
    if (fault) {
      const reply = faultReply(fault, requestId);
      if (reply) return { ...recorded, reply };
      if (fault.kind === 'truncate') truncate = true;
      else if (fault.kind === 'applyThenDrop') drop = true;
      else if (fault.kind === 'slow') delayMs = fault.delayMs ?? DEFAULT_SLOW_MS;
    }
    if (drop) {
      try {
        runAction(state, account, request, action, nowMs, service);
      } catch {
        // A refusal is lost on the way back just like a success.
      }
      return { ...recorded, reply: { kind: 'reset' } };
    }
    const fields = runAction(state, account, request, action, nowMs, service);
    if (fault?.kind === 'catchUp') state.reportLagMs = Math.max(0, state.reportLagMs - (fault.reportMs ?? 0));
    const body = successEnvelope(requestId, fields);
    return {
      ...recorded,
      reply: truncate ? truncated(body) : { kind: 'json', body, errorCode: undefined, delayMs },
    };
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : new ApiError('InternalError', `Sandbox failure: ${String(error)}`);
    const body = errorEnvelope(requestId, apiError.code, apiError.message);
    return {
      ...recorded,
      reply: truncate ? truncated(body) : { kind: 'json', body, errorCode: apiError.code, delayMs },
    };
  }
}
