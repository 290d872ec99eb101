const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(\d{1,12})([smhdw]?)$/;

/**
 * Reads a cache time as people write it: `<n>s|m|h|d|w` or a plain number of seconds (`90s`, `10m`, `1h`, `30d`,
 * `2w`, `600`), the same shape as Wangsu's `cache-ttl`. Units are lower case only, so `1M` cannot be mistaken for
 * a month. Returns seconds, or undefined when `text` is not such a time; range checks are the caller's.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
}
