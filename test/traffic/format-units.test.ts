import { describe, expect, it } from 'vitest';
import { formatUnits } from '../../src/render/format-units.ts';

describe('formatUnits', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.00 KB'],
    [1536, '1.50 KB'],
    [10 * 1024 * 1024, '10.0 MB'],
    [1024 ** 3, '1.00 GB'],
    [123.4 * 1024 ** 3, '123 GB'],
    [2.5 * 1024 ** 4, '2.50 TB'],
    [1023.9, '1.00 KB'],
  ])('shows %d bytes as %s (1024 steps)', (value, text) => {
    expect(formatUnits(value, 'bytes')).toBe(text);
  });

  it.each([
    [0, '0 bps'],
    [999, '999 bps'],
    [1000, '1.00 Kbps'],
    [345_000_000, '345 Mbps'],
    [1_250_000_000, '1.25 Gbps'],
    [12_300_000_000, '12.3 Gbps'],
  ])('shows %d bits per second as %s (1000 steps)', (value, text) => {
    expect(formatUnits(value, 'bitsPerSecond')).toBe(text);
  });

  it.each([
    [0, '0'],
    [42, '42'],
    [9876, '9,876'],
    [12_345, '12.3K'],
    [999_999, '1.00M'],
    [4_560_000, '4.56M'],
    [7_890_000_000, '7.89B'],
  ])('shows the count %d as %s', (value, text) => {
    expect(formatUnits(value, 'count')).toBe(text);
  });

  it.each([
    [0, '0.0%'],
    [12.345, '12.3%'],
    [87.25, '87.3%'],
    [99.95, '99.95%'],
    [0.04, '0.04%'],
    [100, '100.0%'],
  ])('shows %d percent as %s, two decimals only near 0 and 100', (value, text) => {
    expect(formatUnits(value, 'percent')).toBe(text);
  });

  it('shows a missing value as a dash whatever the unit', () => {
    expect(
      (['bytes', 'bitsPerSecond', 'count', 'percent'] as const).map((unit) => formatUnits(Number.NaN, unit)),
    ).toEqual(['—', '—', '—', '—']);
  });
});
