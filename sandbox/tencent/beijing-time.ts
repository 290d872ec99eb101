/**
 * Tencent CDN time strings are `YYYY-MM-DD HH:mm:ss` in UTC+8 (Beijing, no DST), and daily quotas reset at
 * Beijing midnight. These helpers convert clock milliseconds; they never read the clock themselves.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function formatBeijingTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch milliseconds, or `undefined` if `text` is not a valid `YYYY-MM-DD HH:mm:ss`. */
export function parseBeijingTime(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2019-02-30 over to March; a real date formats back to the same text.
  if (formatBeijingTime(utc - OFFSET_MS) !== text) return undefined;
  return utc - OFFSET_MS;
}

/** A number that changes at each Beijing midnight: the quota day. */
export function beijingDay(epochMs: number): number {
  return Math.floor((epochMs + OFFSET_MS) / DAY_MS);
}
