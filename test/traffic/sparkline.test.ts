import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/traffic/sparkline.ts';

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });

  it('scales between the lowest and highest value, not from zero', () => {
    expect(sparkline([100, 107, 100, 107])).toBe('▁█▁█');
  });

  it('draws an all-zero series as a flat line at the bottom', () => {
    expect(sparkline([0, 0, 0, 0])).toBe('▁▁▁▁');
  });

  it('draws a constant series above zero as a flat line in the middle', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
  });

  it('leaves a gap for NaN values and scales the rest', () => {
    expect(sparkline([0, Number.NaN, 7])).toBe('▁ █');
  });

  it('answers an empty string for an empty series', () => {
    expect(sparkline([])).toBe('');
  });

  it('answers blanks for a series with no number in it', () => {
    expect(sparkline([Number.NaN, Number.NaN])).toBe('  ');
  });

  it('resamples a long series to 48 characters, each the mean of its slice', () => {
    const day = Array.from({ length: 288 }, (_, index) => (index < 144 ? 0 : 10));

    const line = sparkline(day);

    expect([...line]).toHaveLength(48);
    expect(line).toBe(`${'▁'.repeat(24)}${'█'.repeat(24)}`);
  });

  it('resamples to the width asked for, ignoring NaN inside a slice', () => {
    expect(sparkline([0, Number.NaN, 0, 0, 8, Number.NaN, 8, 8], 4)).toBe('▁▁██');
  });

  it('keeps a series shorter than the width as it is', () => {
    expect([...sparkline([1, 2, 3])]).toHaveLength(3);
  });
});
