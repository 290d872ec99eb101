import { describe, expect, it } from 'vitest';
import type { DomainSeries } from '../../src/providers/traffic-types.ts';
import { domainRows, seriesByRow, seriesDomains } from '../../src/traffic/domain-rows.ts';

const point = (value: number) => [{ time: 0, value }];

const single = (domain: string, metric: DomainSeries['metric'] = 'flux'): DomainSeries => ({
  domain,
  metric,
  points: point(1),
});

const combined = (domains: string[], metric: DomainSeries['metric'] = 'flux'): DomainSeries => ({
  domain: `${domains[0]}+${domains.length - 1} more`,
  domains,
  metric,
  points: point(domains.length),
});

describe('domainRows', () => {
  it('gives a series of several domains one row naming the account and the domains, and the rest a row each', () => {
    const series = [
      combined(['a.example.cn', 'b.example.cn']),
      combined(['a.example.cn', 'b.example.cn'], 'request'),
      single('c.example.cn'),
    ];

    const rows = domainRows('wangsu-prod', ['a.example.cn', 'b.example.cn', 'c.example.cn'], series);

    expect(rows).toEqual([
      {
        label: 'wangsu-prod: 2 domains together (a.example.cn, b.example.cn)',
        domains: ['a.example.cn', 'b.example.cn'],
        key: 'a.example.cn,b.example.cn',
      },
      { label: 'c.example.cn', domains: ['c.example.cn'], key: 'c.example.cn' },
    ]);
    expect(
      seriesByRow(series)
        .get(rows[0]!.key)
        ?.map((entry) => entry.metric),
    ).toEqual(['flux', 'request']);
    expect(seriesByRow(series).get(rows[1]!.key)).toEqual([series[2]]);
  });

  it('names three domains of a larger row and marks the rest with …', () => {
    const domains = ['a.cn', 'b.cn', 'c.cn', 'd.cn', 'e.cn'];

    const [row] = domainRows('wangsu-prod', domains, [combined(domains)]);

    expect(row!.label).toBe('wangsu-prod: 5 domains together (a.cn, b.cn, c.cn, …)');
  });

  it('ignores series of other accounts and keeps a domain without series as its own row', () => {
    const rows = domainRows('tencent-prod', ['www.example.com'], [combined(['a.cn', 'b.cn'])]);

    expect(rows.map((row) => row.label)).toEqual(['www.example.com']);
  });

  it('reads the domains of a series: its list when summed, else its one domain', () => {
    expect(seriesDomains(combined(['a.cn', 'b.cn']))).toEqual(['a.cn', 'b.cn']);
    expect(seriesDomains(single('c.cn'))).toEqual(['c.cn']);
  });
});
