/**
 * Traffic numbers as people read them at a glance. The conventions, fixed for every command and digest:
 *
 * - `bytes` (flux, file sizes): **1024** steps labelled `B KB MB GB TB PB`, the way the Tencent and Wangsu
 *   consoles show traffic and the way Tencent bills it (1 GB = 1024 MB).
 * - `bitsPerSecond` (bandwidth): **1000** steps labelled `bps Kbps Mbps Gbps Tbps`, the way carriers and CDN
 *   bandwidth billing count (1 Gbps = 1000 Mbps).
 * - `count` (requests, status codes): exact with thousands separators below 10,000 (`9,876`), then `K M B` in
 *   1000 steps (`12.3K`, `4.56M`).
 * - `percent` (hit rates, shares; the value is already 0–100): one decimal (`87.3%`), two below 1% and above
 *   99% where one would hide the difference that matters (`99.95%`, `0.04%`).
 *
 * Scaled values keep three significant digits (`1.23 GB`, `12.3 GB`, `123 GB`). NaN and infinities read `—`.
 */
export type ValueUnit = 'bytes' | 'bitsPerSecond' | 'count' | 'percent';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
const BIT_RATE_UNITS = ['bps', 'Kbps', 'Mbps', 'Gbps', 'Tbps'] as const;
const COUNT_UNITS = ['', 'K', 'M', 'B', 'T'] as const;

export function formatUnits(value: number, unit: ValueUnit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'bytes':
      return scaled(value, 1024, BYTE_UNITS, ' ');
    case 'bitsPerSecond':
      return scaled(value, 1000, BIT_RATE_UNITS, ' ');
    case 'count':
      return Math.abs(value) < 10_000
        ? Math.round(value).toLocaleString('en-US')
        : scaled(value, 1000, COUNT_UNITS, '');
    case 'percent': {
      const magnitude = Math.abs(value);
      const fine = magnitude > 0 && (magnitude < 1 || (magnitude > 99 && magnitude < 100));
      return `${value.toFixed(fine ? 2 : 1)}%`;
    }
  }
}

function scaled(value: number, step: number, units: readonly string[], gap: string): string {
  let index = 0;
  let magnitude = Math.abs(value);
  while (magnitude >= step && index < units.length - 1) {
    magnitude /= step;
    index++;
  }
  // Rounding can carry into the next unit (1023.9 B → "1024 B"); move up when it does.
  if (index < units.length - 1 && Number(magnitude.toFixed(decimals(magnitude, index))) >= step) {
    magnitude /= step;
    index++;
  }
  const sign = value < 0 ? '-' : '';
  return `${sign}${magnitude.toFixed(decimals(magnitude, index))}${gap}${units[index]}`;
}

/** Three significant digits for scaled values; whole numbers in the base unit (there is no 0.5 byte). */
function decimals(magnitude: number, index: number): number {
  if (index === 0) return 0;
  if (magnitude < 10) return 2;
  if (magnitude < 100) return 1;
  return 0;
}
