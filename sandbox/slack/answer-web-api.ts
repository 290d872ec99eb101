import { chatMethods } from './chat-methods.ts';
import { infoMethods } from './info-methods.ts';
import type { MethodHandler, MethodOutcome } from './method-handler.ts';
import type { RecordedCall } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';
import { viewsMethods } from './views-methods.ts';

export interface StandinReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// A Map, so a method named like an Object.prototype member (`toString`) is unknown rather than callable.
const methods = new Map<string, MethodHandler>(
  Object.entries({ ...infoMethods, ...chatMethods, ...viewsMethods }),
);

/**
 * One Web API call: check the token, apply any planned failure, run the method, record it. Like Slack, errors
 * are HTTP 200 with `{ ok: false, error }`; only `ratelimited` uses a status (429 with `Retry-After`).
 */
export function answerWebApi(
  state: StandinState,
  method: string,
  body: Record<string, unknown>,
  authorization: string | undefined,
): StandinReply {
  const call: RecordedCall = { method, body, at: state.now() };
  const outcome = runMethod(state, method, body, authorization);
  if ('status' in outcome) {
    call.error = 'ratelimited';
    state.record(call);
    return outcome;
  }
  if (!outcome.ok) {
    call.error = outcome.error;
    state.record(call);
    return json(200, errorBody(outcome.error, outcome.problems));
  }
  state.record(call, outcome.change, outcome.view);
  return json(200, { ok: true, ...outcome.result });
}

function runMethod(
  state: StandinState,
  method: string,
  body: Record<string, unknown>,
  authorization: string | undefined,
): MethodOutcome | StandinReply {
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
  if (token === undefined) return { ok: false, error: 'not_authed' };
  // Socket Mode's app-level token opens connections and nothing else; the bot token cannot open them.
  if (method === 'apps.connections.open') {
    if (token === state.botToken) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== state.appToken || state.socketMode === undefined)
      return { ok: false, error: 'invalid_auth' };
    return { ok: true, result: state.socketMode.openConnection() };
  }
  if (token === state.appToken) return { ok: false, error: 'not_allowed_token_type' };
  if (token !== state.botToken) return { ok: false, error: 'invalid_auth' };

  const handler = methods.get(method);
  if (handler === undefined) return { ok: false, error: 'unknown_method' };

  const planned = state.takeFailure(method);
  if (planned?.error === 'ratelimited') {
    return {
      ...json(429, { ok: false, error: 'ratelimited' }),
      headers: { 'content-type': 'application/json', 'retry-after': String(planned.retryAfterSeconds) },
    };
  }
  if (planned !== undefined) return { ok: false, error: planned.error };
  return handler(state, body);
}

function errorBody(error: string, problems: string[] | undefined): Record<string, unknown> {
  if (problems === undefined) return { ok: false, error };
  // Slack puts the reasons in `errors` and in `response_metadata.messages`, which @slack/web-api logs.
  return {
    ok: false,
    error,
    errors: problems,
    response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) },
  };
}

export function json(status: number, payload: unknown): StandinReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
}
