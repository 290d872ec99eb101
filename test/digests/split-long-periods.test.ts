import { describe, expect, it } from 'vitest';
import { capDigestPeriods, digestPeriods } from '../../src/digests/digest-periods.ts';
import { splitRange } from '../../src/digests/fetch-digest-data.ts';
import { localDayStart } from '../../src/time/local-day-start.ts';
import { parseSchedule } from '../../src/time/parse-schedule.ts';

const DAY = 86_400_000;
const NEW_YORK = 'America/New_York';
const SHANGHAI = 'Asia/Shanghai';

describe('splitRange', () => {
  it('cuts a year of local days across two DST changes into whole-day pieces no longer than allowed', () => {
    const from = localDayStart(Date.UTC(2026, 0, 1, 12), NEW_YORK);
    const to = localDayStart(Date.UTC(2027, 0, 1, 12), NEW_YORK);

    const pieces = splitRange({ from, to, label: '2026' }, 31 * DAY, NEW_YORK);

    expect(pieces[0]!.from).toBe(from);
    expect(pieces.at(-1)!.to).toBe(to);
    for (const [index, piece] of pieces.entries()) {
      expect(piece.to - piece.from).toBeLessThanOrEqual(31 * DAY);
      expect(localDayStart(piece.from, NEW_YORK)).toBe(piece.from);
      if (index > 0) expect(piece.from).toBe(pieces[index - 1]!.to);
    }
    // 365 local days in pieces of at most 31 days (a piece of 31 local days holding November's change would be 31 days
    // and an hour, so it ends a day earlier).
    expect(pieces).toHaveLength(12);
  });

  it('leaves a range that fits as one piece', () => {
    const range = { from: 0, to: 7 * DAY, label: 'a week' };
    expect(splitRange(range, 7 * DAY, SHANGHAI)).toEqual([range]);
  });
});

describe('capDigestPeriods', () => {
  it('starts a yearly period at the first whole day still kept and drops the previous period', () => {
    const at = Date.UTC(2027, 0, 1, 1, 0, 0);
    const periods = digestPeriods(parseSchedule('0 9 1 1 *', SHANGHAI), at, SHANGHAI);

    const capped = capDigestPeriods(
      periods,
      { from: at - 90 * DAY, reason: 'Tencent keeps traffic data for 90 days' },
      SHANGHAI,
    );

    expect(periods.current.label).toBe('2026-01-01 – 2026-12-31');
    expect(capped.current.label).toBe('2026-10-04 – 2026-12-31');
    expect(capped.comparisons).toEqual([]);
    expect(capped.capped).toEqual({
      asked: periods.current,
      reason: 'Tencent keeps traffic data for 90 days',
      dropped: ['previous period'],
    });
  });

  it('leaves a period that is kept whole as it is', () => {
    const at = Date.UTC(2026, 11, 1, 1, 0, 0);
    const periods = digestPeriods(parseSchedule('0 9 1 * *', SHANGHAI), at, SHANGHAI);

    expect(capDigestPeriods(periods, { from: at - 183 * DAY, reason: 'kept' }, SHANGHAI)).toBe(periods);
  });
});
