import type { Envelope } from './envelope.ts';
import { errorEnvelope } from './envelope.ts';
import type { Fault } from './fault-queue.ts';

/** What the HTTP layer should do with a request. */
export type SandboxReply =
  | { kind: 'json'; body: Envelope; errorCode: string | undefined; delayMs: number }
  | { kind: 'raw'; status: number; contentType: string; text: string | Uint8Array }
  /** Headers promising all of `body`, half of it, then a destroyed socket. */
  | { kind: 'truncated'; status: number; contentType: string; body: Uint8Array }
  | { kind: 'reset' };

/**
 * The reply a fault replaces the real answer with; `undefined` for `slow`, `truncate` and `applyThenDrop`, which
 * delay, cut or drop the real one, and for `catchUp`, which changes what later calls see.
 */
export function faultReply(fault: Fault, requestId: string): SandboxReply | undefined {
  switch (fault.kind) {
    case 'http5xx': {
      const status = fault.status ?? 503;
      return {
        kind: 'raw',
        status,
        contentType: 'text/html',
        text: `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>stgw</center></body></html>`,
      };
    }
    case 'error': {
      const code = fault.code ?? 'InternalError';
      const body = errorEnvelope(requestId, code, fault.message ?? `Injected fault: ${code}.`);
      return { kind: 'json', body, errorCode: code, delayMs: 0 };
    }
    case 'malformed':
      return {
        kind: 'raw',
        status: 200,
        contentType: 'application/json',
        text: `{"Response": {"RequestId": "${requestId}"`,
      };
    case 'reset':
      return { kind: 'reset' };
    case 'slow':
    case 'truncate':
    case 'applyThenDrop':
    case 'catchUp':
      return undefined;
  }
}
