import { describe, expect, it } from 'vitest';
import { assertLogDayKept } from '../../src/traffic/assert-log-day-kept.ts';
import { parseLogDay } from '../../src/traffic/parse-log-day.ts';

const TZ = 'Asia/Shanghai';
/** 2026-11-23 10:00 in Shanghai. */
const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

function shanghaiMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - 8 * 3_600_000;
}

describe('parseLogDay', () => {
  it.each([
    [undefined, '2026-11-22'],
    ['yesterday', '2026-11-22'],
    ['Today', '2026-11-23'],
    ['2026-11-20', '2026-11-20'],
    ['2026-1-5', '2026-01-05'],
    ['20261120', '2026-11-20'],
  ])('reads %s as the local day %s', (typed, label) => {
    const day = parseLogDay(typed, { timeZone: TZ, now: NOW });

    const [year, month, date] = label.split('-').map(Number) as [number, number, number];
    expect(day).toEqual({
      from: shanghaiMidnight(year, month, date),
      to: shanghaiMidnight(year, month, date) + DAY_MS,
      label,
      compact: label.replaceAll('-', ''),
    });
  });

  it.each(['2026-02-30', 'last week', '2026/11/20', '202611'])(
    'refuses %s, saying how to write a day',
    (typed) => {
      expect(() => parseLogDay(typed, { timeZone: TZ, now: NOW })).toThrow(
        expect.objectContaining({
          message: `--day ${typed} is not a day I can read.`,
          hint: 'Write --day 2026-11-20, --day 20261120, today or yesterday (days are Asia/Shanghai).',
        }),
      );
    },
  );

  it('refuses a day that has not begun', () => {
    expect(() => parseLogDay('2026-11-24', { timeZone: TZ, now: NOW })).toThrow(
      '2026-11-24 has not begun yet',
    );
  });
});

describe('assertLogDayKept', () => {
  const options = {
    retentionMs: 30 * DAY_MS,
    now: NOW,
    timeZone: TZ,
    providerName: 'Tencent (account prod)',
  };

  it('accepts a day wholly within the retention', () => {
    expect(() =>
      assertLogDayKept(parseLogDay('2026-10-25', { timeZone: TZ, now: NOW }), options),
    ).not.toThrow();
  });

  it('refuses a day partly outside it, naming the earliest day that works', () => {
    const check = () => assertLogDayKept(parseLogDay('2026-10-24', { timeZone: TZ, now: NOW }), options);

    expect(check).toThrow(
      expect.objectContaining({
        message: 'Tencent (account prod) keeps log packages for 30 days; 2026-10-24 is older than that.',
        hint: 'Ask for a day from 2026-10-25 to today (Asia/Shanghai).',
      }),
    );
  });
});
