/**
 * What the next matching call should suffer instead of (or before) its normal answer:
 * - `http5xx`: that HTTP `status` (default 503) with an HTML body, as the gateway would send;
 * - `throttle`: HTTP 446 `WPLUS_AccountApiTooFrequence`, as if the account budget were spent;
 * - `error`: HTTP `status` (default 500) with `{"code","message"}` (`code` default `InternalError`);
 * - `slow`: the normal answer, after `delayMs` of real time (default 50; for timeout tests only);
 * - `malformed`: HTTP 200 whose body is cut-off JSON;
 * - `reset`: the socket is destroyed without an answer;
 * - `applyThenDrop`: the request is carried out for real (items created, quota spent, a change accepted), then the
 *   socket is destroyed before any answer: the connection lost after Wangsu acted.
 */
export interface WangsuFault {
  /** Only calls whose path starts with this match (e.g. `/ccm/purge`); any call when omitted. */
  path?: string;
  /** Only calls with this method match (a config path takes both the GET that reads it and the PUT). */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  kind: 'http5xx' | 'throttle' | 'slow' | 'malformed' | 'reset' | 'error' | 'applyThenDrop';
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  /** How many matching calls it applies to. Default 1. */
  times?: number;
}

/** Faults waiting for calls. They apply after authentication and the budget, in the order pushed. */
export interface WangsuFaultQueue {
  push(fault: WangsuFault): void;
  /** Removes and returns the fault the next call on this path (with this method) should suffer, if any. */
  take(path: string, method?: string): WangsuFault | undefined;
  clear(): void;
  /** Faults still waiting (a fault with `times: 3` counts once). */
  readonly size: number;
}

export function createFaultQueue(): WangsuFaultQueue {
  const pending: { fault: WangsuFault; remaining: number }[] = [];
  return {
    push(fault) {
      pending.push({ fault, remaining: fault.times ?? 1 });
    },
    take(path, method) {
      const index = pending.findIndex(
        (entry) =>
          (entry.fault.path === undefined || path.startsWith(entry.fault.path)) &&
          (entry.fault.method === undefined || entry.fault.method === method),
      );
      const entry = pending[index];
      if (!entry) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) pending.splice(index, 1);
      return entry.fault;
    },
    clear() {
      pending.length = 0;
    },
    get size() {
      return pending.length;
    },
  };
}
