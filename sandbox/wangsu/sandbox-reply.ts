import type { WangsuFault } from './fault-queue.ts';

/** What the HTTP layer should do with a request. Every answer gets the `x-cnc-request-id` header. */
export type WangsuReply =
  | { kind: 'json'; status: number; body: unknown; headers: Record<string, string>; delayMs: number }
  | { kind: 'raw'; status: number; contentType: string; text: string | Buffer }
  | { kind: 'reset' };

export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  delayMs = 0,
): WangsuReply {
  return { kind: 'json', status, body, headers, delayMs };
}

/**
 * The reply a fault replaces the real answer with; `undefined` for `slow` and `applyThenDrop`, which delay or drop
 * the real one.
 */
export function faultReply(fault: WangsuFault): WangsuReply | undefined {
  switch (fault.kind) {
    case 'http5xx': {
      const status = fault.status ?? 503;
      return {
        kind: 'raw',
        status,
        contentType: 'text/html',
        text: `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>WS-web-server</center></body></html>`,
      };
    }
    case 'throttle':
      return jsonReply(446, {
        code: fault.code ?? 'WPLUS_AccountApiTooFrequence',
        message: fault.message ?? 'Account API requests are too frequent. Back off and retry later.',
      });
    case 'error': {
      const code = fault.code ?? 'InternalError';
      return jsonReply(fault.status ?? 500, { code, message: fault.message ?? `Injected fault: ${code}.` });
    }
    case 'malformed':
      return {
        kind: 'raw',
        status: 200,
        contentType: 'application/json;charset=utf-8',
        text: '{"message":"succ',
      };
    case 'reset':
      return { kind: 'reset' };
    case 'slow':
    case 'applyThenDrop':
      return undefined;
  }
}
