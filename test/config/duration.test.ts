import { describe, expect, it } from 'vitest';
import { Duration, parseDuration } from '../../src/config/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    [' 5m ', 300_000],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '1', 'h', '1.5h', '-1h', '1 hour', '1H', '1M', '1h30m', '99999999999999999w'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('Duration', () => {
  it('parses text to milliseconds', () => {
    expect(Duration.parse('10s')).toBe(10_000);
  });

  it.each([
    ['1 hour', 'use a number followed by s, m, h, d or w, e.g. 1h'],
    [60, 'use a number followed by s, m, h, d or w, e.g. 1h'],
    ['0m', 'must be longer than 0; use a number followed by s, m, h, d or w, e.g. 1h'],
  ])('explains how to write %j', (input, message) => {
    const result = Duration.safeParse(input);

    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
