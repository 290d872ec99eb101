import { describe, expect, it } from 'vitest';
import {
  fetchTrafficPeriods,
  foldTrafficPeriods,
  type PeriodsPlan,
} from '../../src/traffic/fetch-periods.ts';
import { fakeTrafficProvider, manyDomains } from './fake-traffic-provider.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TODAY = Date.UTC(2026, 10, 22, 16);
const range = (from: number, to: number) => ({ from, to, label: 'test' });

function planOf(
  provider: ReturnType<typeof fakeTrafficProvider>,
  periods: PeriodsPlan['periods'],
): PeriodsPlan {
  return {
    accountId: provider.accountId,
    provider,
    domains: ['a.example.com', 'b.example.com'],
    limits: provider.trafficLimits!(),
    periods,
  };
}

/** Today and the day before, hourly, for `domains`: one call per batch answers both. */
function todayAndTheDayBefore(
  provider: ReturnType<typeof fakeTrafficProvider>,
  domains: readonly string[],
): PeriodsPlan {
  return {
    accountId: provider.accountId,
    provider,
    domains,
    limits: provider.trafficLimits!(),
    periods: [
      { interval: 'hour', pieces: [range(TODAY, TODAY + DAY)] },
      { interval: 'hour', pieces: [range(TODAY - DAY, TODAY)] },
    ],
  };
}

describe('metrics a period needs only added up', () => {
  const dayWeekBefore = (provider: ReturnType<typeof fakeTrafficProvider>) =>
    planOf(provider, [
      { interval: 'hour', pieces: [range(TODAY, TODAY + DAY)] },
      { interval: 'hour', pieces: [range(TODAY - DAY, TODAY)], pooled: ['bandwidth'] },
      { interval: 'hour', pieces: [range(TODAY - 7 * DAY, TODAY - 6 * DAY)], pooled: ['bandwidth'] },
    ]);

  it('asks them apart, added up, after every other call, where no other period of the call needs them per domain', async () => {
    const provider = fakeTrafficProvider({
      domains: ['a.example.com', 'b.example.com'],
      limits: { addsUpOnRequest: true },
    });

    await fetchTrafficPeriods([dayWeekBefore(provider)], ['flux', 'bandwidth']);

    expect(
      provider.calls.map((call) => [
        call.query!.from,
        call.metrics!.join('+'),
        call.query!.pooled?.join('+'),
      ]),
    ).toEqual([
      [TODAY - 7 * DAY, 'flux', undefined],
      // The day with the day before: the day needs each domain's bandwidth, so that call asks it per domain.
      [TODAY - DAY, 'flux+bandwidth', undefined],
      [TODAY - 7 * DAY, 'bandwidth', 'bandwidth'],
    ]);
  });

  it('asks every metric of a call together where the provider cannot add up on request', async () => {
    const provider = fakeTrafficProvider({ domains: ['a.example.com', 'b.example.com'] });

    await fetchTrafficPeriods([dayWeekBefore(provider)], ['flux', 'bandwidth']);

    expect(provider.calls.map((call) => [call.query!.from, call.metrics!.join('+')])).toEqual([
      [TODAY - 7 * DAY, 'flux+bandwidth'],
      [TODAY - DAY, 'flux+bandwidth'],
    ]);
    expect(provider.calls.every((call) => call.query!.pooled === undefined)).toBe(true);
  });
});

describe('fetchTrafficPeriods', () => {
  it('asks a day with the day before in one range, the same day last week apart, and gives each period only its points', async () => {
    const provider = fakeTrafficProvider({ domains: ['a.example.com', 'b.example.com'] });
    const periods = [
      range(TODAY, TODAY + DAY),
      range(TODAY - DAY, TODAY),
      range(TODAY - 7 * DAY, TODAY - 6 * DAY),
    ];

    const answers = await fetchTrafficPeriods(
      [
        planOf(
          provider,
          periods.map((piece) => ({ interval: 'hour', pieces: [piece] })),
        ),
      ],
      ['flux'],
    );

    expect(provider.calls.map((call) => [call.query!.from, call.query!.to]).sort()).toEqual(
      [
        [TODAY - DAY, TODAY + DAY],
        [TODAY - 7 * DAY, TODAY - 6 * DAY],
      ].sort(),
    );
    answers.forEach((answer, index) => {
      expect(answer.failures).toEqual([]);
      expect(answer.results.map((series) => series.domain).sort()).toEqual([
        'a.example.com',
        'b.example.com',
      ]);
      for (const series of answer.results) {
        expect(series.points).toHaveLength(24);
        expect(series.points[0]!.time).toBe(periods[index]!.from);
      }
    });
  });

  it('asks apart what would pass the interval’s longest range, and joins a period’s pieces back into one series', async () => {
    // Hourly for at most 10 days: this week's two pieces with the week before would take 14; a week apart stays apart.
    const provider = fakeTrafficProvider({ limits: { intervals: { hour: 10 * DAY } } });
    const week = (end: number) => range(end - 7 * DAY, end);
    const answers = await fetchTrafficPeriods(
      [
        planOf(provider, [
          {
            interval: 'hour',
            pieces: [range(TODAY - 6 * DAY, TODAY - 3 * DAY), range(TODAY - 3 * DAY, TODAY + DAY)],
          },
          { interval: 'hour', pieces: [week(TODAY - 6 * DAY)] },
          { interval: 'hour', pieces: [week(TODAY - 27 * DAY)] },
          undefined,
        ]),
      ],
      ['flux'],
    );

    expect(provider.calls.map((call) => (call.query!.to - call.query!.from) / DAY).sort()).toEqual(
      [10, 4, 7].sort(),
    );
    expect(answers).toHaveLength(4);
    expect(answers[0]!.results[0]!.points).toHaveLength(7 * 24);
    expect(answers[1]!.results[0]!.points).toHaveLength(7 * 24);
    expect(answers[2]!.results[0]!.points).toHaveLength(7 * 24);
    expect(answers[3]).toEqual({ results: [], failures: [] });
  });

  it('counts a refused batch as a failure of every period its call covered, once each', async () => {
    const domains = manyDomains(40);
    const provider = fakeTrafficProvider({ domains, failFor: domains[35]! });
    const answers = await fetchTrafficPeriods([todayAndTheDayBefore(provider, domains)], ['flux']);

    expect(provider.calls).toHaveLength(2);
    for (const answer of answers) {
      expect(answer.failures.map((failure) => failure.domains)).toEqual([domains.slice(30)]);
      expect(answer.results).toHaveLength(30);
    }
  });
});

describe('foldTrafficPeriods', () => {
  it('hands each batch of each period to the fold as it comes, and keeps what the fold made of it', async () => {
    const domains = manyDomains(40);
    const provider = fakeTrafficProvider({ domains });
    const folded: string[] = [];

    const answers = await foldTrafficPeriods([todayAndTheDayBefore(provider, domains)], ['flux'], (batch) => {
      folded.push(`${batch.period}:${batch.domains.length}`);
      return { domains: batch.domains.length, points: batch.series.map((series) => series.points.length) };
    });

    // One call per batch answers both periods: 2 calls, 4 folds, each period's points only.
    expect(provider.calls).toHaveLength(2);
    expect(folded.sort()).toEqual(['0:10', '0:30', '1:10', '1:30']);
    for (const answer of answers) {
      expect(answer.results.map((result) => result.domains)).toEqual([30, 10]);
      expect(answer.results.flatMap((result) => result.points).every((count) => count === 24)).toBe(true);
    }
  });

  it('refuses a period asked in several pieces, whose batches would hold its series in parts', async () => {
    const provider = fakeTrafficProvider({});
    await expect(
      foldTrafficPeriods(
        [
          planOf(provider, [
            { interval: 'hour', pieces: [range(TODAY - DAY, TODAY), range(TODAY, TODAY + DAY)] },
          ]),
        ],
        ['flux'],
        (batch) => batch,
      ),
    ).rejects.toThrow(/one piece/);
    expect(provider.calls).toHaveLength(0);
  });
});
