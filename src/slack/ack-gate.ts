/**
 * Holds back the work of acknowledged commands while Slack requests are still arriving. In a burst, the commands
 * acknowledged first would otherwise run on the same event loop while the rest of the burst is still being read,
 * verified and acknowledged, and the last acknowledgements would wait behind that work (`npm run bench`, ack
 * latency p99). Slack gives up on an acknowledgement after 3 seconds; the work of a command can wait a moment.
 */
import type { Server } from 'node:http';

/** Under a steady flood the gate would never open: work waits at most this long. */
const MAX_HOLD_MS = 1_000;
/**
 * How long without a request to answer before a burst counts as over. Requests of one burst arrive a fraction of a
 * millisecond apart, and a command's work goes on after it starts (its provider calls answer, it renders and
 * posts): work let in between two requests of a burst would come back in the middle of it.
 */
const QUIET_MS = 5;

export interface AckGate {
  /** Counts the requests the server is answering; until called (Socket Mode) the gate only yields once. */
  watch(server: Server): void;
  /** Resolves once no request has been waiting for its answer for QUIET_MS, or after MAX_HOLD_MS. */
  opened(): Promise<void>;
}

export function createAckGate(): AckGate {
  let answering = 0;
  let open = true;
  let quietTimer: NodeJS.Timeout | undefined;
  const waiters: (() => void)[] = [];

  function close(): void {
    open = false;
    clearTimeout(quietTimer);
  }

  function openWhenQuiet(): void {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => {
      open = true;
      releaseInTurns();
    }, QUIET_MS);
    quietTimer.unref();
  }

  /**
   * Lets the held commands start one per turn of the event loop, so a request that arrives meanwhile is read and
   * acknowledged between two of them, and holds the rest again until the gate reopens.
   */
  function releaseInTurns(): void {
    if (!open) return;
    waiters.shift()?.();
    if (waiters.length > 0) setImmediate(releaseInTurns);
  }

  return {
    watch(server) {
      server.on('request', (_request, response) => {
        answering++;
        close();
        response.once('close', () => {
          answering--;
          if (answering === 0) openWhenQuiet();
        });
      });
    },
    async opened() {
      // The I/O already waiting (requests of the same burst) is read before anything else starts.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (open) return;
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const at = waiters.indexOf(release);
          if (at >= 0) waiters.splice(at, 1);
          resolve();
        }, MAX_HOLD_MS);
        timer.unref();
        waiters.push(release);
      });
    },
  };
}
