import { describe, expect, it } from 'vitest';
import type { DomainSeries } from '../../src/providers/traffic-types.ts';
import { unreportedMetrics } from '../../src/traffic/unreported-metrics.ts';

const single = (domain: string, metric: DomainSeries['metric'] = 'flux'): DomainSeries => ({
  domain,
  metric,
  points: [{ time: 0, value: 1 }],
});

const combined = (domains: string[]): DomainSeries => ({
  domain: `${domains[0]}+${domains.length - 1} more`,
  domains,
  metric: 'flux',
  points: [{ time: 0, value: domains.length }],
});

describe('unreportedMetrics', () => {
  it('names the metrics an answering account gave no series for, and skips accounts that did not answer', () => {
    const accounts = [
      { accountId: 'tencent-prod', domains: ['www.example.com'] },
      { accountId: 'wangsu-prod', domains: ['a.cn', 'b.cn'] },
      { accountId: 'wangsu-failed', domains: ['z.cn'] },
    ];
    const series = [
      single('www.example.com'),
      single('www.example.com', 'fluxHitRate'),
      combined(['a.cn', 'b.cn']),
    ];

    const missing = unreportedMetrics(accounts, new Set(['www.example.com', 'a.cn', 'b.cn']), series, [
      'flux',
      'fluxHitRate',
    ]);

    expect(missing).toEqual([{ accountId: 'wangsu-prod', metrics: ['fluxHitRate'] }]);
  });
});
