// Days are the largest unit on purpose: Tencent's console and its 365-day limit speak days, and `30d` reads better
// than `4w2d`. Weeks are still accepted on input (parseDuration).
const UNITS: readonly (readonly [suffix: string, seconds: number])[] = [
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
];

/**
 * A number of seconds in the largest unit that divides it: 2592000 → `30d`, 5400 → `90m`, 90 → `90s`, 0 → `0s`.
 * The result reads back through parseDuration to the same number. Anything but a non-negative whole number is
 * shown as-is with `s`.
 */
export function formatSeconds(seconds: number): string {
  if (Number.isInteger(seconds) && seconds > 0) {
    for (const [suffix, size] of UNITS) {
      if (seconds % size === 0) return `${seconds / size}${suffix}`;
    }
  }
  return `${seconds}s`;
}
