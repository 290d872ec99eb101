import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.ts';
import { settleAsyncRequests } from './async-requests.ts';
import { type AuthScheme, authenticate, claimedIdentity } from './authenticate.ts';
import { admitRequest } from './budget.ts';
import { findRoute } from './routes/index.ts';
import { faultReply, jsonReply, type WangsuReply } from './sandbox-reply.ts';
import type { SandboxState } from './state.ts';

const DEFAULT_SLOW_MS = 50;

export interface SandboxRequest {
  method: string;
  /** The request target as received: path and raw query. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw bytes received: the AK/SK signature is checked over exactly these. */
  body: Buffer;
}

export interface HandledRequest {
  path: string;
  query: string;
  account: string | undefined;
  authScheme: AuthScheme | undefined;
  /** The parsed JSON body, `undefined` when empty or not JSON. */
  body: unknown;
  reply: WangsuReply;
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * One request, from raw bytes to the reply: finish what the clock says has finished, authenticate (before anything
 * else), spend the account's budget, apply the next matching fault, then route. Never throws: unexpected errors
 * answer 500 `InternalError`.
 */
export function handleRequest(
  state: SandboxState,
  request: SandboxRequest,
  context: { requestId: string; nowMs: number; baseUrl: string },
): HandledRequest {
  const { requestId, nowMs } = context;
  const queryAt = request.url.indexOf('?');
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const recorded = { path, query, ...claimedIdentity(request.headers), body: parseJson(request.body) };
  let delayMs = 0;
  let drop = false;
  try {
    settleAsyncRequests(state, nowMs);
    const method = request.method.toUpperCase();
    const { account } = authenticate(
      state,
      { method, path, query, headers: request.headers, body: request.body },
      nowMs,
    );
    admitRequest(account, state.budget, nowMs);
    const fault = state.faults.take(path, method);
    if (fault) {
      const reply = faultReply(fault);
      if (reply) return { ...recorded, reply };
      if (fault.kind === 'applyThenDrop') drop = true;
      else delayMs = fault.delayMs ?? DEFAULT_SLOW_MS;
    }
    const { handler, params } = findRoute(method, path);
    const answer = handler({
      state,
      account,
      now: nowMs,
      requestId,
      baseUrl: context.baseUrl,
      params,
      query: new URLSearchParams(query),
      body: request.body,
    });
    if (drop) return { ...recorded, reply: { kind: 'reset' } };
    return { ...recorded, reply: jsonReply(answer.status, answer.body, answer.headers, delayMs) };
  } catch (error) {
    // A refusal is lost on the way back just like a success.
    if (drop) return { ...recorded, reply: { kind: 'reset' } };
    const reply =
      error instanceof ApiError
        ? jsonReply(error.status, error.body, {}, delayMs)
        : jsonReply(
            500,
            { code: 'InternalError', message: `Sandbox failure: ${String(error)}` },
            {},
            delayMs,
          );
    return { ...recorded, reply };
  }
}
