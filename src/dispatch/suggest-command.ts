import type { AnyCommand } from './define-command.ts';

/**
 * Longer words are never compared: a typo is within a third of its length of a command name, so a word this long
 * cannot be one, and the edit distance costs time in the product of both lengths.
 */
export const MAX_SUGGEST_CHARS = 64;

/** The command name closest to a mistyped one, when it is close enough to be a typo. */
export function suggestCommand(typed: string, commands: readonly AnyCommand[]): string | undefined {
  if (typed.length > MAX_SUGGEST_CHARS) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const { name } of commands) {
    const distance = editDistance(typed.toLowerCase(), name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(typed.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
