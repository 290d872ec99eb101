import { describe, expect, it } from 'vitest';
import { capDigestPeriods, digestPeriods } from '../../src/digests/digest-periods.ts';
import { fetchDigestData, splitRange } from '../../src/digests/fetch-digest-data.ts';
import { summarizeDigest } from '../../src/digests/summarize-digest.ts';
import { localDayStart } from '../../src/time/local-day-start.ts';
import { parseSchedule } from '../../src/time/parse-schedule.ts';
import { fakeTrafficProvider } from '../traffic/fake-traffic-provider.ts';

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

describe('fetchDigestData over a period longer than one query', () => {
  it('asks a year in 31-day pieces and status codes in 7-day pieces, and adds them up to the whole year', async () => {
    const provider = fakeTrafficProvider({
      kind: 'wangsu',
      domains: ['cdn.example.cn'],
      limits: {
        maxRangeMs: 31 * DAY,
        retentionMs: 730 * DAY,
        intervals: { '5min': 31 * DAY, hour: 31 * DAY, day: 31 * DAY },
        statusCodes: { maxRangeMs: 7 * DAY, retentionMs: 730 * DAY },
      },
      value: (_domain, metric) => (metric === 'flux' ? 1000 : 7),
      statusCodes: () => [
        { code: '2xx', total: 100, points: [] },
        { code: '5xx', total: 1, points: [] },
      ],
    });
    const at = Date.UTC(2027, 0, 1, 1, 0, 0);
    const periods = digestPeriods(parseSchedule('0 9 1 1 *', SHANGHAI), at, SHANGHAI);

    const data = await fetchDigestData([{ accountId: 'fake-prod', provider, domains: ['cdn.example.cn'] }], {
      periods,
      metrics: ['flux', 'request'],
      statusCodes: true,
      topBy: 'flux',
      timeZone: SHANGHAI,
      now: at,
    });

    const asked = (operation: string) =>
      provider.calls.filter(
        (call) => call.operation === operation && call.query!.from >= periods.current.from,
      );
    const traffic = asked('traffic');
    const codes = asked('statusCodes');
    expect(traffic).toHaveLength(12);
    expect(Math.max(...traffic.map((call) => call.query!.to - call.query!.from))).toBeLessThanOrEqual(
      31 * DAY,
    );
    expect(codes).toHaveLength(53);
    expect(Math.max(...codes.map((call) => call.query!.to - call.query!.from))).toBeLessThanOrEqual(7 * DAY);
    // The 12 pieces' batches add up to the whole year: every day on the sparkline grid, each status code's totals
    // added over the 53 pieces.
    const figures = summarizeDigest(data, {
      periods,
      metrics: ['flux', 'request'],
      statuses: new Map(),
      timeZone: SHANGHAI,
    });
    expect(data.current.batches).toHaveLength(12);
    expect(figures.domains.map((figure) => figure.now.flux)).toEqual([365_000]);
    expect(figures.domains[0]!.now.grid.flux).toEqual(Array(365).fill(1000));
    expect(figures.totals.now.flux).toBe(365_000);
    expect(figures.totals.now.request).toBe(365 * 7);
    expect(data.codes!.results).toEqual([
      {
        domain: 'cdn.example.cn',
        codes: [
          { code: '2xx', total: 5300, points: [] },
          { code: '5xx', total: 53, points: [] },
        ],
      },
    ]);
  });
});
