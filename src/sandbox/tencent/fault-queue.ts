/**
 * What the next matching call should suffer instead of (or before) its normal answer:
 * - `http5xx`: that HTTP `status` (default 503) with a non-JSON body, as a gateway would send;
 * - `error`: an API 3.0 envelope error with `code` (default `InternalError`), e.g. `RequestLimitExceeded`;
 * - `slow`: the normal answer, after `delayMs` of real time (default 50; for timeout tests only);
 * - `malformed`: HTTP 200 whose body is not JSON;
 * - `reset`: the socket is destroyed without an answer.
 */
export interface Fault {
  /** Only calls with this X-TC-Action match; any call when omitted. */
  action?: string;
  kind: 'http5xx' | 'error' | 'slow' | 'malformed' | 'reset';
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  /** How many matching calls it applies to. Default 1. */
  times?: number;
}

/** Faults waiting for calls. They apply after auth verification, in the order pushed. */
export interface FaultQueue {
  push(fault: Fault): void;
  /** Removes and returns the fault the next call with this action should suffer, if any. */
  take(action: string): Fault | undefined;
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
    take(action) {
      const index = pending.findIndex(
        (entry) => entry.fault.action === undefined || entry.fault.action === action,
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
