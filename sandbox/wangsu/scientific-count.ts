/**
 * A request count as the report APIs write it: below a million a plain number; from 7 digits on, Java's
 * scientific notation in a string, every digit kept (`1642565` → `"1.642565E6"`, `2000000` → `"2.0E6"`), as
 * reference §2.4 shows for `hit`.
 */
export function scientificCount(count: number): number | string {
  if (count < 1_000_000) return count;
  const digits = String(Math.round(count));
  const fraction = digits.slice(1).replace(/0+$/, '');
  return `${digits[0]}.${fraction || '0'}E${digits.length - 1}`;
}
