/**
 * What the next matching call should suffer instead of (or before) its normal answer:
 * - `http5xx`: that HTTP `status` (default 503) with a non-JSON body, as a gateway would send;
 * - `error`: an API 3.0 envelope error with `code` (default `InternalError`), e.g. `RequestLimitExceeded`;
 * - `slow`: the normal answer, after `delayMs` of real time (default 50; for timeout tests only);
 * - `malformed`: HTTP 200 whose body is not JSON;
 * - `reset`: the socket is destroyed without an answer;
 * - `truncate`: the real answer's headers (Content-Length included) and the first half of its body, then the
 *   socket is destroyed: a download that fails midway;
 * - `applyThenDrop`: the action runs for real (tasks created, quota spent, domains changed), then the socket is
 *   destroyed before any answer: the connection lost after Tencent acted, which a client cannot tell from a reset;
 * - `catchUp`: the normal answer, after which the statistics catch up by `reportMs` (the report lag, `reportLagMs`,
 *   shrinks by that much, not below 0): data Tencent reports between this call and the next.
 *
 * Log package downloads (`GET /logs/…`) are matched by `path`; API calls by `action`. A fault naming neither applies
 * to whichever request comes next.
 */
export interface Fault {
  /** Only calls with this X-TC-Action match; any call when omitted. */
  action?: string;
  /** Only downloads whose path starts with this match, e.g. `/logs/www.example.com/`; API calls never do. */
  path?: string;
  kind: 'http5xx' | 'error' | 'slow' | 'malformed' | 'reset' | 'truncate' | 'applyThenDrop' | 'catchUp';
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  /** For `catchUp`: how much more of the statistics are reported once the call is answered. */
  reportMs?: number;
  /** How many matching calls it applies to. Default 1. */
  times?: number;
}

/** Faults waiting for calls. They apply after auth verification, in the order pushed. */
export interface FaultQueue {
  push(fault: Fault): void;
  /**
   * Removes and returns the fault the next call with this action should suffer, if any. A download passes `''` and
   * its path.
   */
  take(action: string, path?: string): Fault | undefined;
  clear(): void;
  /** Faults still waiting (a fault with `times: 3` counts once). */
  readonly size: number;
}

export function createFaultQueue(): FaultQueue {
  const pending: { fault: Fault; remaining: number }[] = [];
  return {
    push(fault) {
      pending.push({ fault, remaining: fault.times ?? 1 });
    },
    take(action, path) {
      const index = pending.findIndex(
        ({ fault }) =>
          (fault.action === undefined || fault.action === action) &&
          (fault.path === undefined || path?.startsWith(fault.path) === true),
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
