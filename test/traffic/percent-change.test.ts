import { describe, expect, it } from 'vitest';
import { percentChange } from '../../src/traffic/percent-change.ts';

describe('percentChange', () => {
  it.each([
    [112.3, 100, '+12.3%'],
    [96, 100, '−4.0%'],
    [100, 100, '0.0%'],
    [100.01, 100, '0.0%'],
    [5, 0, 'new'],
    [0, 0, '0.0%'],
    [0, 50, '−100.0%'],
    [1_335, 100, '+1,235.0%'],
    [Number.NaN, 100, '—'],
    [100, Number.POSITIVE_INFINITY, '—'],
  ])('compares %d with %d as %s', (current, previous, text) => {
    expect(percentChange(current, previous)).toBe(text);
  });

  it('writes a decrease with a real minus sign, not a hyphen', () => {
    expect(percentChange(50, 100).codePointAt(0)).toBe(0x2212);
  });
});
