import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import type { Interval, TrafficLimits } from '../../src/providers/traffic-types.ts';
import {
  alignToInterval,
  alignWithinLimits,
  assertRangeAnswerable,
  chooseInterval,
  intervalStarts,
  parseTimeRange,
  previousPeriod,
  type RangeInput,
  type TimeRange,
} from '../../src/time/time-range.ts';
import { formatWallTime } from '../../src/time/zoned-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const SANTIAGO = 'America/Santiago';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-23T15:37:12+08:00');
const shanghai = { timeZone: SHANGHAI, now: NOW };

const tencent: TrafficLimits = {
  maxRangeMs: 90 * DAY,
  retentionMs: 365 * DAY,
  maxDomainsPerCall: 30,
  intervals: { '1min': DAY, '5min': 31 * DAY, hour: 31 * DAY, day: 90 * DAY },
  logRetentionMs: 30 * DAY,
};
const wangsu: TrafficLimits = {
  maxRangeMs: 31 * DAY,
  retentionMs: 730 * DAY,
  maxDomainsPerCall: 20,
  intervals: { '5min': 31 * DAY, hour: 31 * DAY, day: 31 * DAY },
  logRetentionMs: 730 * DAY,
};

/** A range of `lengthMs` ending at `to`. */
function ending(lengthMs: number, to = NOW): TimeRange {
  return { from: to - lengthMs, to, label: 'test range' };
}

function usageErrorOf(act: () => unknown): UsageError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, but nothing was thrown');
}

function wallTimes(epochs: number[], timeZone: string): string[] {
  return epochs.map((epoch) => formatWallTime(epoch, timeZone));
}

describe('parseTimeRange', () => {
  it('means the last 24 hours when no time is given', () => {
    const range = parseTimeRange({}, shanghai);

    expect(range).toEqual({ from: NOW - DAY, to: NOW, label: 'last 24 hours' });
  });

  it.each([
    ['30m', 30 * MINUTE, 'last 30 minutes'],
    ['1h', HOUR, 'last 1 hour'],
    ['6h', 6 * HOUR, 'last 6 hours'],
    ['24h', DAY, 'last 24 hours'],
    ['7d', 7 * DAY, 'last 7 days'],
    ['30d', 30 * DAY, 'last 30 days'],
    [' 2H ', 2 * HOUR, 'last 2 hours'],
  ])('reads --last %j as that length back from now', (last, lengthMs, label) => {
    const range = parseTimeRange({ last }, shanghai);

    expect(range).toEqual({ from: NOW - lengthMs, to: NOW, label });
  });

  it.each([
    ['0h', /covers no time/],
    ['1y', /not a length of time/],
    ['abc', /not a length of time/],
    ['', /not a length of time/],
    ['-1h', /not a length of time/],
    ['1.5h', /not a length of time/],
    ['99999d', /further than any CDN keeps/],
  ])('refuses --last %j and says how to write it', (last, message) => {
    const error = usageErrorOf(() => parseTimeRange({ last }, shanghai));

    expect(error.message).toMatch(message);
    expect(error.hint).toContain('--last 30m');
  });

  it.each<RangeInput>([
    { last: '24h', from: '2026-11-20' },
    { last: '24h', to: '2026-11-22' },
    { last: '24h', day: 'today' },
    { day: 'yesterday', from: '2026-11-20' },
  ])('refuses two ways of giving the time at once: %j', (input) => {
    const error = usageErrorOf(() => parseTimeRange(input, shanghai));

    expect(error.message).toMatch(/one way/);
    expect(error.hint).toMatch(/^Pick one/);
  });

  it.each([
    [
      'yesterday',
      SHANGHAI,
      NOW,
      '2026-11-22T00:00:00+08:00',
      '2026-11-23T00:00:00+08:00',
      '2026-11-22 (Asia/Shanghai)',
    ],
    [
      'today',
      SHANGHAI,
      NOW,
      '2026-11-23T00:00:00+08:00',
      '2026-11-23T15:37:12+08:00',
      'today (2026-11-23 00:00 – 15:37, Asia/Shanghai)',
    ],
    [
      'yesterday',
      SHANGHAI,
      at('2026-11-23T00:30:00+08:00'),
      '2026-11-22T00:00:00+08:00',
      '2026-11-23T00:00:00+08:00',
      '2026-11-22 (Asia/Shanghai)',
    ],
    // DST ends on 2026-11-01 in New York: that day is 25 hours long.
    [
      'yesterday',
      NEW_YORK,
      at('2026-11-02T10:00:00-05:00'),
      '2026-11-01T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
      '2026-11-01 (America/New_York)',
    ],
    // DST starts on 2026-03-08 in New York: 23 hours.
    [
      'yesterday',
      NEW_YORK,
      at('2026-03-09T10:00:00-04:00'),
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      '2026-03-08 (America/New_York)',
    ],
    [
      'today',
      NEW_YORK,
      at('2026-11-01T09:15:00-05:00'),
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T09:15:00-05:00',
      'today (2026-11-01 00:00 – 09:15, America/New_York)',
    ],
    // Santiago skips 2026-09-06 00:00: the day begins at 01:00.
    [
      'yesterday',
      SANTIAGO,
      at('2026-09-07T10:00:00-03:00'),
      '2026-09-06T01:00:00-03:00',
      '2026-09-07T00:00:00-03:00',
      '2026-09-06 (America/Santiago)',
    ],
  ] as const)('reads %s in %s at %d (epoch ms) as a local day', (day, timeZone, now, from, to, label) => {
    const range = parseTimeRange({ day }, { timeZone, now });

    expect(range).toEqual({ from: at(from), to: at(to), label });
  });

  it('refuses today in its very first instant, when there is nothing yet', () => {
    const midnight = at('2026-11-23T00:00:00+08:00');

    const error = usageErrorOf(() => parseTimeRange({ day: 'today' }, { timeZone: SHANGHAI, now: midnight }));

    expect(error.message).toMatch(/only just begun/);
  });

  it.each<[RangeInput, string, string, string]>([
    [
      { from: '2026-11-20', to: '2026-11-22' },
      '2026-11-20T00:00:00+08:00',
      '2026-11-23T00:00:00+08:00',
      '2026-11-20 00:00 – 2026-11-23 00:00',
    ],
    [
      { from: '2026-11-22', to: '2026-11-22' },
      '2026-11-22T00:00:00+08:00',
      '2026-11-23T00:00:00+08:00',
      '2026-11-22 (Asia/Shanghai)',
    ],
    [
      { from: 'yesterday', to: 'yesterday' },
      '2026-11-22T00:00:00+08:00',
      '2026-11-23T00:00:00+08:00',
      '2026-11-22 (Asia/Shanghai)',
    ],
    [
      { from: '2026-11-20 14:30', to: '2026-11-21 09:00' },
      '2026-11-20T14:30:00+08:00',
      '2026-11-21T09:00:00+08:00',
      '2026-11-20 14:30 – 2026-11-21 09:00',
    ],
    [
      { from: '2026-11-20' },
      '2026-11-20T00:00:00+08:00',
      '2026-11-23T15:37:12+08:00',
      '2026-11-20 00:00 – 2026-11-23 15:37',
    ],
    [
      { from: '2026-11-22', to: '2026-11-30' },
      '2026-11-22T00:00:00+08:00',
      '2026-11-23T15:37:12+08:00',
      '2026-11-22 00:00 – 2026-11-23 15:37',
    ],
    [
      { from: '2026-11-23', to: 'today' },
      '2026-11-23T00:00:00+08:00',
      '2026-11-23T15:37:12+08:00',
      '2026-11-23 00:00 – 2026-11-23 15:37',
    ],
  ])(
    'reads %j in Asia/Shanghai, a bare --to date including that day and no range passing now',
    (input, from, to, label) => {
      const range = parseTimeRange(input, shanghai);

      expect(range).toEqual({ from: at(from), to: at(to), label });
    },
  );

  it('counts a bare --to date to the next local midnight, across a DST change too', () => {
    const context = { timeZone: NEW_YORK, now: at('2026-11-10T12:00:00-05:00') };

    const range = parseTimeRange({ from: '2026-10-31', to: '2026-11-01' }, context);

    expect(range.from).toBe(at('2026-10-31T00:00:00-04:00'));
    expect(range.to).toBe(at('2026-11-02T00:00:00-05:00'));
    expect(range.to - range.from).toBe(49 * HOUR);
  });

  it.each<[RangeInput, RegExp]>([
    [{ to: '2026-11-22' }, /--to 2026-11-22 needs a --from/],
    [{ from: '2026-11-22', to: '2026-11-20' }, /--from 2026-11-22 is not before --to 2026-11-20/],
    [{ from: '2026-11-21 10:00', to: '2026-11-21 10:00' }, /is not before/],
    [{ from: '2026-11-24' }, /--from 2026-11-24 is not in the past: it is 2026-11-23 15:37 now/],
    [{ from: '2026-13-01' }, /--from 2026-13-01 is not a date/],
    [{ from: '2026-11-20', to: 'soon' }, /--to soon is not a date/],
  ])('refuses %j and says why', (input, message) => {
    const error = usageErrorOf(() => parseTimeRange(input, shanghai));

    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });
});

describe('chooseInterval', () => {
  const hourAndDayOnly: TrafficLimits = { ...wangsu, intervals: { hour: 31 * DAY, day: 31 * DAY } };
  const minuteOnly: TrafficLimits = { ...wangsu, intervals: { '1min': DAY } };

  it.each<[string, TrafficLimits, number, Interval]>([
    ['Tencent', tencent, 2 / 24, '5min'],
    ['Tencent', tencent, 1, '5min'],
    ['Tencent', tencent, 3, '5min'],
    ['Tencent', tencent, 5, 'hour'],
    ['Tencent', tencent, 7, 'hour'],
    ['Tencent', tencent, 40, 'day'],
    ['Tencent', tencent, 100, 'day'],
    ['Wangsu', wangsu, 1, '5min'],
    ['Wangsu', wangsu, 5, 'hour'],
    ['Wangsu', wangsu, 20, 'day'],
    ['Wangsu', wangsu, 40, 'day'],
    ['an hour-and-day provider', hourAndDayOnly, 1, 'hour'],
    ['a minute-only provider', minuteOnly, 2 / 24, '1min'],
  ])('picks for %s and a range of %f days: %s', (_provider, limits, days, expected) => {
    const interval = chooseInterval(ending(days * DAY), limits);

    expect(interval).toBe(expected);
  });

  it('moves to a coarser interval when the wanted one does not cover the length', () => {
    const shortFiveMinutes: TrafficLimits = { ...tencent, intervals: { '5min': DAY, hour: 31 * DAY } };

    const interval = chooseInterval(ending(2 * DAY), shortFiveMinutes);

    expect(interval).toBe('hour');
  });

  it('fails loudly for a provider that offers no interval', () => {
    expect(() => chooseInterval(ending(DAY), { ...tencent, intervals: {} })).toThrow(/offers no interval/);
  });
});

describe('assertRangeAnswerable', () => {
  it.each<[string, TrafficLimits, number]>([
    ['Tencent', tencent, 1],
    ['Tencent', tencent, 90],
    ['Wangsu', wangsu, 31],
  ])('lets %s answer a range of %d days', (name, limits, days) => {
    expect(() => assertRangeAnswerable(ending(days * DAY), limits, name, shanghai)).not.toThrow();
  });

  it.each<[string, TrafficLimits, number, string, string]>([
    ['Wangsu', wangsu, 40, 'Wangsu answers at most 31 days per query; this range is 40 days', '--last 31d'],
    [
      'Tencent',
      tencent,
      100,
      'Tencent answers at most 90 days per query; this range is 100 days',
      '--last 90d',
    ],
  ])('refuses a range longer than %s answers, naming its limit', (name, limits, days, message, example) => {
    const range = ending(days * DAY, at('2026-11-23T00:00:00+08:00'));

    const error = usageErrorOf(() => assertRangeAnswerable(range, limits, name, shanghai));

    expect(error.message).toBe(
      `${message} (${formatWallTime(range.from, SHANGHAI)} – 2026-11-23 00:00 Asia/Shanghai).`,
    );
    expect(error.hint).toContain(example);
  });

  it('refuses a range longer than any interval the provider offers allows', () => {
    const dailyForAMonth: TrafficLimits = { ...tencent, intervals: { hour: 31 * DAY, day: 31 * DAY } };

    const error = usageErrorOf(() =>
      assertRangeAnswerable(ending(40 * DAY), dailyForAMonth, 'Tencent', shanghai),
    );

    expect(error.message).toMatch(/^Tencent answers at most 31 days per query; this range is 40 days/);
  });

  it('refuses a range that starts in the future', () => {
    const range = { from: NOW + HOUR, to: NOW + 2 * HOUR, label: '2026-11-23 16:37 – 2026-11-23 17:37' };

    const error = usageErrorOf(() => assertRangeAnswerable(range, tencent, 'Tencent', shanghai));

    expect(error.message).toMatch(/not in the past; Tencent has no traffic data for it yet/);
  });

  it('refuses a range older than the provider keeps, naming the first day it can answer', () => {
    const range = ending(DAY, NOW - 800 * DAY);

    const error = usageErrorOf(() => assertRangeAnswerable(range, wangsu, 'Wangsu', shanghai));

    expect(error.message).toMatch(/^Wangsu keeps traffic data for 730 days, since 2024-11-23 15:37;/);
    expect(error.hint).toBe('Start on 2024-11-24 or later, e.g. --from 2024-11-24.');
  });

  it.each([
    ['89d', undefined],
    ['90d', /^Tencent answers at most 90 days per query; this range is 91 days/],
  ])('judges --last %s as sent: aligned to whole days', (last, refusal) => {
    const asked = parseTimeRange({ last }, shanghai);
    const interval = chooseInterval(asked, tencent);

    const act = () =>
      assertRangeAnswerable(alignToInterval(asked, interval, SHANGHAI), tencent, 'Tencent', shanghai);

    expect(interval).toBe('day');
    if (refusal) expect(act).toThrow(refusal);
    else expect(act).not.toThrow();
  });
});

describe('alignWithinLimits', () => {
  it('answers --last 90d on Tencent: the oldest partial day the widening added is left out', () => {
    const asked = parseTimeRange({ last: '90d' }, shanghai);
    const interval = chooseInterval(asked, tencent);

    const sent = alignWithinLimits(asked, interval, tencent, shanghai);

    expect(sent.to - sent.from).toBe(90 * DAY);
    expect(formatWallTime(sent.from, SHANGHAI)).toBe('2026-08-26 00:00');
    expect(() => assertRangeAnswerable(sent, tencent, 'Tencent', shanghai)).not.toThrow();
  });

  it('keeps a range whose widening fits as plain alignment', () => {
    const asked = parseTimeRange({ last: '89d' }, shanghai);

    const sent = alignWithinLimits(asked, 'day', tencent, shanghai);

    expect(sent).toEqual(alignToInterval(asked, 'day', SHANGHAI));
  });

  it('leaves a range too long as asked for assertRangeAnswerable to refuse', () => {
    const asked = parseTimeRange({ last: '100d' }, shanghai);

    const sent = alignWithinLimits(asked, 'day', tencent, shanghai);

    expect(() => assertRangeAnswerable(sent, tencent, 'Tencent', shanghai)).toThrow(
      /^Tencent answers at most 90 days per query; this range is 101 days/,
    );
  });
});

describe('previousPeriod', () => {
  it('gives the same length right before, called the previous period of a --last range', () => {
    const range = parseTimeRange({ last: '24h' }, shanghai);

    const previous = previousPeriod(range);

    expect(previous).toEqual({ from: NOW - 2 * DAY, to: NOW - DAY, label: 'previous 24 hours' });
  });

  it('keeps the length of a 25-hour DST day and says what it comes before', () => {
    const range = parseTimeRange(
      { day: 'yesterday' },
      { timeZone: NEW_YORK, now: at('2026-11-02T10:00:00-05:00') },
    );

    const previous = previousPeriod(range);

    expect(previous).toEqual({
      from: at('2026-10-30T23:00:00-04:00'),
      to: at('2026-11-01T00:00:00-04:00'),
      label: 'the 25 hours before 2026-11-01 (America/New_York)',
    });
  });
});

describe('alignToInterval', () => {
  it.each<[string, Interval, string, string, string, string]>([
    [SHANGHAI, '5min', '2026-11-23T10:37:12.345+08:00', '2026-11-23T15:37:12+08:00', '10:35', '15:40'],
    [SHANGHAI, '1min', '2026-11-23T10:37:12+08:00', '2026-11-23T15:37:12+08:00', '10:37', '15:38'],
    [SHANGHAI, 'hour', '2026-11-23T10:37:12+08:00', '2026-11-23T15:37:12+08:00', '10:00', '16:00'],
    [
      SHANGHAI,
      'day',
      '2026-11-20T10:37:12+08:00',
      '2026-11-23T15:37:12+08:00',
      '2026-11-20 00:00',
      '2026-11-24 00:00',
    ],
    [SHANGHAI, 'hour', '2026-11-23T10:00:00+08:00', '2026-11-23T16:00:00+08:00', '10:00', '16:00'],
    [
      SHANGHAI,
      'day',
      '2026-11-20T00:00:00+08:00',
      '2026-11-24T00:00:00+08:00',
      '2026-11-20 00:00',
      '2026-11-24 00:00',
    ],
    [
      NEW_YORK,
      'day',
      '2026-10-30T15:00:00-04:00',
      '2026-11-02T09:00:00-05:00',
      '2026-10-30 00:00',
      '2026-11-03 00:00',
    ],
    [NEW_YORK, 'hour', '2026-11-01T01:30:00-04:00', '2026-11-01T01:40:00-05:00', '01:00', '02:00'],
    ['Asia/Kolkata', 'hour', '2026-11-23T10:45:00+05:30', '2026-11-23T12:15:00+05:30', '10:00', '13:00'],
  ])(
    'in %s at %s widens %s – %s to %s – %s, local time',
    (timeZone, interval, from, to, alignedFrom, alignedTo) => {
      const range = { from: at(from), to: at(to), label: 'as asked' };

      const aligned = alignToInterval(range, interval, timeZone);

      expect(formatWallTime(aligned.from, timeZone)).toContain(alignedFrom);
      expect(formatWallTime(aligned.to, timeZone)).toContain(alignedTo);
      expect(aligned.from).toBeLessThanOrEqual(range.from);
      expect(aligned.to).toBeGreaterThanOrEqual(range.to);
      expect(aligned.label).toBe('as asked');
    },
  );

  it('floors the second 01:00 hour of a DST end to its own start, not to the first', () => {
    const secondOneThirty = at('2026-11-01T01:30:00-05:00');

    const aligned = alignToInterval(
      { from: secondOneThirty, to: secondOneThirty + HOUR, label: '' },
      'hour',
      NEW_YORK,
    );

    expect(aligned.from).toBe(at('2026-11-01T01:00:00-05:00'));
  });
});

describe('intervalStarts', () => {
  it.each<[string, Interval, string, string, number]>([
    ['24 hours', '5min', '2026-11-22T15:35:00+08:00', '2026-11-23T15:35:00+08:00', 288],
    ['7 days', 'hour', '2026-11-16T16:00:00+08:00', '2026-11-23T16:00:00+08:00', 168],
    ['a day', '1min', '2026-11-22T00:00:00+08:00', '2026-11-23T00:00:00+08:00', 1440],
    ['30 days', 'day', '2026-10-25T00:00:00+08:00', '2026-11-24T00:00:00+08:00', 30],
  ])('gives %s at %s in Asia/Shanghai as %s – %s: %d points', (_length, interval, from, to, count) => {
    const starts = intervalStarts({ from: at(from), to: at(to), label: '' }, interval, SHANGHAI);

    expect(starts).toHaveLength(count);
    expect(starts[0]).toBe(at(from));
  });

  it('gives local midnights, not UTC ones, for days across the end of DST in New York', () => {
    const range = { from: at('2026-10-20T00:00:00-04:00'), to: at('2026-11-13T00:00:00-05:00'), label: '' };

    const starts = intervalStarts(range, 'day', NEW_YORK);

    expect(starts).toHaveLength(24);
    expect(wallTimes(starts, NEW_YORK).every((wall) => wall.endsWith(' 00:00'))).toBe(true);
    expect(wallTimes(starts, NEW_YORK).slice(11, 14)).toEqual([
      '2026-10-31 00:00',
      '2026-11-01 00:00',
      '2026-11-02 00:00',
    ]);
    expect(starts[13]! - starts[12]!).toBe(25 * HOUR);
  });

  it('gives local midnights for the DST start week in New York', () => {
    const range = { from: at('2026-03-05T00:00:00-05:00'), to: at('2026-03-12T00:00:00-04:00'), label: '' };

    const starts = intervalStarts(range, 'day', NEW_YORK);

    expect(wallTimes(starts, NEW_YORK)).toEqual([
      '2026-03-05 00:00',
      '2026-03-06 00:00',
      '2026-03-07 00:00',
      '2026-03-08 00:00',
      '2026-03-09 00:00',
      '2026-03-10 00:00',
      '2026-03-11 00:00',
    ]);
  });

  it.each([
    ['2026-11-02T10:00:00-05:00', 25],
    ['2026-03-09T10:00:00-04:00', 23],
  ])('gives hours of yesterday as of %s in New York: %d points', (now, count) => {
    const yesterday = parseTimeRange({ day: 'yesterday' }, { timeZone: NEW_YORK, now: at(now) });

    const starts = intervalStarts(yesterday, 'hour', NEW_YORK);

    expect(starts).toHaveLength(count);
    expect(wallTimes(starts, NEW_YORK)[0]).toMatch(/ 00:00$/);
    expect(wallTimes(starts, NEW_YORK).at(-1)).toMatch(/ 23:00$/);
  });

  it('starts the day DST skips midnight on when its clocks jump, in Santiago', () => {
    const range = { from: at('2026-09-04T00:00:00-04:00'), to: at('2026-09-08T00:00:00-03:00'), label: '' };

    const starts = intervalStarts(range, 'day', SANTIAGO);

    expect(wallTimes(starts, SANTIAGO)).toEqual([
      '2026-09-04 00:00',
      '2026-09-05 00:00',
      '2026-09-06 01:00',
      '2026-09-07 00:00',
    ]);
  });

  it('leaves out a boundary before an unaligned from', () => {
    const range = { from: at('2026-11-23T10:02:00+08:00'), to: at('2026-11-23T10:20:00+08:00'), label: '' };

    const starts = intervalStarts(range, '5min', SHANGHAI);

    expect(wallTimes(starts, SHANGHAI)).toEqual(['2026-11-23 10:05', '2026-11-23 10:10', '2026-11-23 10:15']);
  });

  it('fills the aligned last 24 hours with 289 points when now is inside an interval', () => {
    const range = alignToInterval(parseTimeRange({}, shanghai), '5min', SHANGHAI);

    const starts = intervalStarts(range, '5min', SHANGHAI);

    expect(starts).toHaveLength(289);
    expect(wallTimes(starts, SHANGHAI).at(-1)).toBe('2026-11-23 15:35');
  });
});
