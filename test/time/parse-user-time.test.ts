import { describe, expect, it } from 'vitest';
import { parseUserTime } from '../../src/time/parse-user-time.ts';

const NOW = Date.UTC(2026, 10, 23, 6, 0, 0);

describe('times people type', () => {
  it.each([
    ['2026-11-20', 'start', 'Asia/Shanghai', Date.UTC(2026, 10, 19, 16, 0, 0)],
    ['2026-11-20', 'end', 'Asia/Shanghai', Date.UTC(2026, 10, 20, 15, 59, 59)],
    ['2026-11-20 14:30', 'start', 'Asia/Shanghai', Date.UTC(2026, 10, 20, 6, 30, 0)],
    ['yesterday', 'start', 'Asia/Shanghai', Date.UTC(2026, 10, 21, 16, 0, 0)],
    // 2026-11-01 is 25 hours long in New York (DST ends): its end is 05:00 UTC the next day, minus a second.
    ['2026-11-01', 'end', 'America/New_York', Date.UTC(2026, 10, 2, 4, 59, 59)],
    // 2026-03-08 is 23 hours long in New York (DST starts).
    ['2026-03-08', 'end', 'America/New_York', Date.UTC(2026, 2, 9, 3, 59, 59)],
  ] as const)('reads %s (%s) in %s', (text, edge, timeZone, expected) => {
    expect(parseUserTime(text, { timeZone, now: NOW, edge, flag: '--from' })).toBe(expected);
  });

  it.each(['2026-13-01', '2026-02-30', 'last tuesday', '2026-11-20 25:00'])(
    'refuses %s with how to write a date',
    (text) => {
      expect(() =>
        parseUserTime(text, { timeZone: 'Asia/Shanghai', now: NOW, edge: 'start', flag: '--from' }),
      ).toThrow(/is not a date I can read/);
    },
  );
});
