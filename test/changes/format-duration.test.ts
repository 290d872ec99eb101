import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../src/changes/format-duration.ts';
import { parseDuration } from '../../src/changes/parse-duration.ts';

describe('formatSeconds', () => {
  it.each([
    [2_592_000, '30d'],
    [31_536_000, '365d'],
    [86_400, '1d'],
    [604_800, '7d'],
    [5400, '90m'],
    [3600, '1h'],
    [90_000, '25h'],
    [90, '90s'],
    [60, '1m'],
    [1, '1s'],
    [0, '0s'],
  ])('shows %i seconds as %s', (seconds, expected) => {
    expect(formatSeconds(seconds)).toBe(expected);
  });

  it.each([[-5], [1.5]])('shows the odd value %d in seconds as it is', (seconds) => {
    expect(formatSeconds(seconds)).toBe(`${seconds}s`);
  });

  it.each([[0], [1], [59], [90], [5400], [86_399], [2_592_000], [31_536_000]])(
    'reads its own output of %i back to the same number',
    (seconds) => {
      expect(parseDuration(formatSeconds(seconds))).toBe(seconds);
    },
  );
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['30d', 2_592_000],
    ['2w', 1_209_600],
    ['600', 600],
    ['0', 0],
    ['0s', 0],
  ])('reads %s as %i seconds', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each([[''], ['1x'], ['1M'], ['1H'], ['-1'], ['1.5h'], ['h'], [' 1h'], ['1h30m']])(
    'does not read %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});
