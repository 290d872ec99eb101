/**
 * Holds back the work of acknowledged commands while Slack requests are still waiting for their acknowledgement.
 * In a burst, the commands acknowledged first would otherwise run on the same event loop while the rest of the
 * burst is still being read, verified and acknowledged, and the last acknowledgements would wait behind that work
 * (`npm run bench`, ack latency p99). Slack gives up on an acknowledgement after 3 seconds; the work of a command
 * can wait a moment.
 */
import type { Server } from 'node:http';

/** Under a steady flood the gate would never open: work waits at most this long. */
const MAX_HOLD_MS = 1_000;

export interface AckGate {
  /** Counts the requests the server is answering; until called (Socket Mode) the gate only yields once. */
  watch(server: Server): void;
  /** Resolves once no request is waiting for its answer, or after MAX_HOLD_MS. */
  opened(): Promise<void>;
}

export function createAckGate(): AckGate {
  let answering = 0;
  let waiters: (() => void)[] = [];

  function release(): void {
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  return {
    watch(server) {
      server.on('request', (_request, response) => {
        answering++;
        response.once('close', () => {
          answering--;
          // Requests that arrived together are read in the same turn of the event loop: let them start first.
          if (answering === 0) setImmediate(() => answering === 0 && release());
        });
      });
    },
    async opened() {
      // The I/O already waiting (requests of the same burst) is read before anything else starts.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (answering === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, MAX_HOLD_MS);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
