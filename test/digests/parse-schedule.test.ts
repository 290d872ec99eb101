import { describe, expect, it } from 'vitest';
import { parseSchedule, scheduleProblem } from '../../src/time/parse-schedule.ts';

describe('scheduleProblem', () => {
  it.each([
    ['0 9 * * *', undefined],
    ['30 8 * * 1-5', undefined],
    ['0 */2 * * *', undefined],
    [
      '0 9 * *',
      'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 9 * * *"',
    ],
    [
      '0 0 9 * * *',
      'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 9 * * *"',
    ],
    ['61 9 * * *', 'is not a cron expression cdnops can read (Invalid value for minute: 61)'],
    ['0 9 30 2 *', 'never runs: no date matches it'],
    [
      '*/30 * * * *',
      'runs more often than once an hour; a digest is a summary, e.g. "0 9 * * *" for 09:00 every day',
    ],
    [
      '0,30 9 * * *',
      'runs more often than once an hour; a digest is a summary, e.g. "0 9 * * *" for 09:00 every day',
    ],
  ])('%s → %s', (cron, problem) => {
    expect(scheduleProblem(cron)).toBe(problem);
  });
});

describe('parseSchedule', () => {
  const monday0859Shanghai = Date.UTC(2026, 10, 23, 0, 59, 0);

  it('reads the cron in the timezone given: 09:00 Asia/Shanghai is 01:00 UTC', () => {
    const shanghai = parseSchedule('0 9 * * *', 'Asia/Shanghai');
    const utc = parseSchedule('0 9 * * *', 'UTC');

    expect(new Date(shanghai.nextAfter(monday0859Shanghai)!).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(new Date(utc.nextAfter(monday0859Shanghai)!).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('answers runs strictly after and strictly before an instant', () => {
    const schedule = parseSchedule('0 9 * * *', 'Asia/Shanghai');
    const nine = Date.UTC(2026, 10, 23, 1, 0, 0);

    expect(schedule.nextAfter(nine)).toBe(nine + 86_400_000);
    expect(schedule.nextAfter(nine - 1)).toBe(nine);
    expect(schedule.previousBefore(nine)).toBe(nine - 86_400_000);
    expect(schedule.previousBefore(nine + 1)).toBe(nine);
  });

  it('throws with the problem for a cron it cannot use', () => {
    expect(() => parseSchedule('0 9 * *', 'UTC')).toThrow(
      'schedule "0 9 * *" must be a cron expression with 5 fields',
    );
  });
});
