import type { Writable } from 'node:stream';
import type { Respond } from '../messaging/message.ts';
import type { ProgressOutlet } from '../messaging/progress.ts';

/** A terminal redraws a line cheaply; more often than this only flickers. */
const MIN_INTERVAL_MS = 200;

/**
 * A long answer's progress as one line on stderr, redrawn with `\r` and wiped before the answer is printed, only when
 * stderr is a terminal: pipes, logs and `--json` on stdout never see it.
 */
export function terminalProgress(stderr: Writable, respond: Respond): ProgressOutlet | undefined {
  if ((stderr as { isTTY?: boolean }).isTTY !== true) return undefined;
  let shown = '';
  return {
    maxShows: Number.POSITIVE_INFINITY,
    minIntervalMs: MIN_INTERVAL_MS,
    async show(message) {
      // Spaces over what a longer previous line left at the end.
      stderr.write(`\r${message.text.padEnd(shown.length)}`);
      shown = message.text;
    },
    async replace(reply) {
      if (shown) stderr.write(`\r${' '.repeat(shown.length)}\r`);
      shown = '';
      await respond(reply);
    },
  };
}
