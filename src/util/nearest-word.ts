/**
 * Longer words are never compared: a typo is within a third of its length of the word meant, so a word this long
 * cannot be one, and the edit distance costs time in the product of both lengths.
 */
export const MAX_SUGGEST_CHARS = 64;

/**
 * The candidate closest to a mistyped word, when it is close enough to be a typo (within a third of the typed
 * length, at least one edit). Case is ignored: `defaultrole` means `defaultRole`.
 */
export function nearestWord(typed: string, candidates: Iterable<string>): string | undefined {
  if (typed.length > MAX_SUGGEST_CHARS) return undefined;
  const lower = typed.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const word of candidates) {
    const distance = editDistance(lower, word.toLowerCase());
    if (!best || distance < best.distance) best = { word, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(typed.length / 3)) ? best.word : undefined;
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
