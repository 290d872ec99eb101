import { describe, expect, it } from 'vitest';
import { digestPeriods } from '../../src/digests/digest-periods.ts';
import {
  addUpDigestBatch,
  type DigestData,
  type PeriodTraffic,
} from '../../src/digests/fetch-digest-data.ts';
import { summarizeDigest } from '../../src/digests/summarize-digest.ts';
import type { DomainSeries } from '../../src/providers/traffic-types.ts';
import { parseSchedule } from '../../src/time/parse-schedule.ts';
import { intervalStarts, type TimeRange } from '../../src/time/time-range.ts';
import { planTrafficQueries } from '../../src/traffic/plan-traffic-queries.ts';
import { fakeTrafficProvider } from '../traffic/fake-traffic-provider.ts';

const TIME_ZONE = 'Asia/Shanghai';
const NINE = Date.UTC(2026, 10, 23, 1, 0, 0);
const PERIODS = digestPeriods(parseSchedule('0 9 * * *', TIME_ZONE), NINE, TIME_ZONE);
const provider = fakeTrafficProvider({
  accountId: 'wangsu-prod',
  kind: 'wangsu',
  domains: ['a.cn', 'b.cn', 'c.cn'],
});

/** A period's answer as fetchDigestData keeps it: one batch of the three domains, added up as it came. */
function period(
  range: TimeRange,
  series: DomainSeries[],
  failed: string[] = [],
  comparison = true,
): PeriodTraffic {
  const domains = ['a.cn', 'b.cn', 'c.cn'];
  const plans = planTrafficQueries([{ accountId: 'wangsu-prod', provider, domains }], range, {
    timeZone: TIME_ZONE,
    now: NINE,
    previous: false,
  });
  const failures = failed.length
    ? [{ accountId: 'wangsu-prod', domains: failed, providerCode: 'E', message: 'no', requestId: undefined }]
    : [];
  const grid = intervalStarts(plans[0]!.current, plans[0]!.interval, TIME_ZONE);
  const batch = addUpDigestBatch(series, {
    accountId: 'wangsu-prod',
    domains,
    metrics: ['flux'],
    comparison,
    domainGrid: grid,
    totalsGrid: grid,
  });
  return { plans, batches: failed.length === domains.length ? [] : [batch], failures };
}

/** a.cn and b.cn added up in one series (as Wangsu reports a batch), c.cn on its own. */
function series(range: TimeRange, pooled: number, single: number): DomainSeries[] {
  return [
    {
      domain: 'a.cn+1 more',
      domains: ['a.cn', 'b.cn'],
      metric: 'flux',
      points: [{ time: range.from, value: pooled }],
    },
    { domain: 'c.cn', metric: 'flux', points: [{ time: range.from, value: single }] },
  ];
}

describe('summarizeDigest', () => {
  it('counts series the provider added up in the totals only, and compares totals only over the same domains', () => {
    const [dayBefore, lastWeek] = PERIODS.comparisons.map((comparison) => comparison.range) as [
      TimeRange,
      TimeRange,
    ];
    const data: DigestData = {
      current: period(PERIODS.current, series(PERIODS.current, 300, 100), [], false),
      comparisons: [
        { traffic: period(dayBefore, series(dayBefore, 200, 0), ['c.cn']) },
        { traffic: period(lastWeek, series(lastWeek, 150, 50)) },
      ],
      codes: undefined,
      top: { results: [], failures: [], unsupported: [] },
    };

    const figures = summarizeDigest(data, {
      periods: PERIODS,
      metrics: ['flux'],
      statuses: new Map(),
      timeZone: TIME_ZONE,
    });

    expect(
      figures.domains.map((figure) => [
        figure.domain,
        figure.now.flux,
        figure.before.map((entry) => entry?.flux),
      ]),
    ).toEqual([['c.cn', 100, [undefined, 50]]]);
    expect(figures.pooled).toEqual(['a.cn', 'b.cn']);
    expect(figures.totals.now.flux).toBe(400);
    expect(figures.totals.before.map((entry) => entry?.flux)).toEqual([undefined, 200]);
  });
});
