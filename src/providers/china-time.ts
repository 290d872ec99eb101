/** `YYYY-MM-DD HH:mm:ss` in UTC+8 (China time): how Tencent API 3.0 and Wangsu write times unless told otherwise. */
const UTC8_OFFSET_MS = 8 * 60 * 60 * 1000;

export function formatChinaTime(epochMs: number): string {
  return new Date(epochMs + UTC8_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function parseChinaTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s) - UTC8_OFFSET_MS;
}
