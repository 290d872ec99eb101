/**
 * Work that waits its turn: one waiter resumes per event-loop turn, in the order they came, with the loop's I/O
 * polled between them. A provider's big answers are parsed this way (tens of milliseconds each for `stats all`), so
 * an answer that arrives meanwhile is noticed at once: its call stops holding a place in the provider's rate window
 * when its answer starts, and every answer read late would push the next window's calls back by as much.
 */
export function createTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  function resumeNext(): void {
    waiting.shift()?.();
    // Scheduled from inside the check phase, the next one resumes on the next turn, after the poll for I/O.
    if (waiting.length > 0) setImmediate(resumeNext);
  }
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 1) setImmediate(resumeNext);
    });
}

/** The process's one line for parsing providers' answers. */
export const nextTurn = createTurns();
