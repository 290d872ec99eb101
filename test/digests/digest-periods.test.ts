import { describe, expect, it } from 'vitest';
import { digestPeriods } from '../../src/digests/digest-periods.ts';
import { parseSchedule } from '../../src/time/parse-schedule.ts';

const HOUR = 3_600_000;
const SHANGHAI = 'Asia/Shanghai';
/** Monday 2026-11-23 00:00 in Asia/Shanghai. */
const MONDAY = Date.UTC(2026, 10, 22, 16, 0, 0);

function iso(range: { from: number; to: number }): [string, string] {
  return [new Date(range.from).toISOString(), new Date(range.to).toISOString()];
}

describe('digestPeriods', () => {
  it('gives a daily digest the previous local day, the day before it and the same day last week', () => {
    const periods = digestPeriods(parseSchedule('0 9 * * *', SHANGHAI), MONDAY + 9 * HOUR, SHANGHAI);

    expect(periods.kind).toBe('day');
    expect(periods.current.label).toBe('Sunday 2026-11-22');
    expect(iso(periods.current)).toEqual(['2026-11-21T16:00:00.000Z', '2026-11-22T16:00:00.000Z']);
    expect(
      periods.comparisons.map((comparison) => [comparison.key, comparison.label, comparison.range.label]),
    ).toEqual([
      ['before', 'day before', 'Saturday 2026-11-21'],
      ['week', 'same day last week', 'Sunday 2026-11-15'],
    ]);
  });

  it('gives a daily digest run by hand in the afternoon the previous day too', () => {
    const periods = digestPeriods(parseSchedule('0 9 * * *', SHANGHAI), MONDAY + 15.5 * HOUR, SHANGHAI);

    expect(periods.current.label).toBe('Sunday 2026-11-22');
  });

  it('gives a digest that runs every 6 hours the time since its previous run', () => {
    const periods = digestPeriods(parseSchedule('0 */6 * * *', SHANGHAI), MONDAY + 12 * HOUR, SHANGHAI);

    expect(periods.kind).toBe('hours');
    expect(periods.current.label).toBe('2026-11-23 06:00 – 12:00');
    expect(periods.comparisons.map((comparison) => [comparison.label, comparison.range.label])).toEqual([
      ['same hours the day before', '2026-11-22 06:00 – 12:00'],
      ['same hours a week earlier', '2026-11-16 06:00 – 12:00'],
    ]);
  });

  it('gives a weekly digest the seven local days since its previous run, compared with the seven before', () => {
    const periods = digestPeriods(parseSchedule('0 9 * * 1', SHANGHAI), MONDAY + 9 * HOUR, SHANGHAI);

    expect(periods.kind).toBe('days');
    expect(periods.current.label).toBe('2026-11-16 – 2026-11-22');
    expect(periods.comparisons.map((comparison) => [comparison.label, comparison.range.label])).toEqual([
      ['previous period', '2026-11-09 – 2026-11-15'],
    ]);
  });

  it('names the week-earlier comparison of a digest every few days so that "changes against the …" reads', () => {
    const periods = digestPeriods(parseSchedule('0 9 * * 1,4', SHANGHAI), MONDAY + 9 * HOUR, SHANGHAI);

    expect(periods.kind).toBe('days');
    expect(periods.current.label).toBe('2026-11-19 – 2026-11-22');
    expect(`changes against the ${periods.comparisons.map((c) => c.label).join(' and the ')}`).toBe(
      'changes against the previous period and the same days a week earlier',
    );
  });

  it('follows local days across a DST change: the Sunday clocks go back in Berlin has 25 hours', () => {
    const monday0900Berlin = Date.UTC(2026, 9, 26, 8, 0, 0);

    const periods = digestPeriods(
      parseSchedule('0 9 * * *', 'Europe/Berlin'),
      monday0900Berlin,
      'Europe/Berlin',
    );

    expect(periods.current.label).toBe('Sunday 2026-10-25');
    expect(periods.current.to - periods.current.from).toBe(25 * HOUR);
    expect(periods.comparisons[0]!.range.to - periods.comparisons[0]!.range.from).toBe(24 * HOUR);
  });
});
