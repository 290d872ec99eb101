import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { measureWatch } from '../../src/alerts/measure-watch.ts';
import { watchFromConfig } from '../../src/alerts/watch-definition.ts';
import { WatchConfig } from '../../src/config/schema.ts';
import { createDomainInventory } from '../../src/providers/domain-inventory.ts';
import type { DomainSeries, TrafficQuery } from '../../src/providers/traffic-types.ts';
import type { CdnProvider, DomainSummary } from '../../src/providers/types.ts';
import { unusedOperations } from '../support/unused-operations.ts';

const MINUTE = 60_000;
const INTERVAL = 5 * MINUTE;
/** 2026-11-23 21:10:30 in Asia/Shanghai: the 21:05 interval has just closed. */
const NOW = Date.UTC(2026, 10, 23, 13, 10, 30);
const END = NOW - (NOW % INTERVAL);
const DOMAINS = ['a.example.cn', 'b.example.cn'];

function summary(domain: string): DomainSummary {
  return {
    domain,
    id: domain,
    status: 'online',
    cname: undefined,
    origins: [],
    serviceType: 'web',
    area: 'mainland',
    projectId: undefined,
    disabledReason: undefined,
    updatedAt: undefined,
  };
}

/** Intervals of [from, to) up to `upTo` (exclusive), as points of `value`; later ones as zeros, as Wangsu answers. */
function points(query: TrafficQuery, upTo: number, value: number) {
  const list = [];
  for (let time = query.from; time < query.to; time += INTERVAL)
    list.push({ time, value: time < upTo ? value : 0 });
  return list;
}

/**
 * A pooled provider (Wangsu-like) whose status-code report has every interval up to the one just closed, while its
 * bandwidth and hit-ratio reports lag two intervals behind and answer those with zeros.
 */
function laggingProvider(): CdnProvider & { asked: string[][] } {
  const asked: string[][] = [];
  const figuresUpTo = END - 2 * INTERVAL;
  const series = (query: TrafficQuery, metric: DomainSeries['metric'], value: number): DomainSeries[] => {
    asked.push([...query.domains]);
    return [{ domain: query.domains[0]!, metric, points: points(query, figuresUpTo, value) }];
  };
  const provider: CdnProvider & { asked: string[][] } = {
    kind: 'wangsu',
    accountId: 'wangsu-prod',
    asked,
    async listDomains() {
      return DOMAINS.map(summary);
    },
    ...unusedOperations('alert tests should not call this'),
    trafficLimits: () => ({
      maxRangeMs: 31 * 24 * 60 * MINUTE,
      retentionMs: 730 * 24 * 60 * MINUTE,
      maxDomainsPerCall: 20,
      intervals: { '5min': 31 * 24 * 60 * MINUTE },
      logRetentionMs: 30 * 24 * 60 * MINUTE,
      pooledTraffic: true,
      accountBudget: { calls: 300, windowMs: INTERVAL },
    }),
    async traffic(query) {
      return series(query, 'bandwidth', 300e6);
    },
    async requestHitRates(query) {
      return series(query, 'requestHitRate', 95);
    },
    async statusCodes(query) {
      return query.domains.map((domain) => ({
        domain,
        codes: [{ code: '200', total: 0, points: points(query, END, 5_000) }],
      }));
    },
  };
  return provider;
}

async function measure(when: string, provider: CdnProvider) {
  const providers = new Map([[provider.accountId, provider]]);
  const inventory = createDomainInventory({ providers, clock: createManualClock(NOW), ttlMs: 60_000 });
  const watch = watchFromConfig(
    WatchConfig.parse({ name: 'rule', channel: 'C0OPS00001', domains: DOMAINS, when }),
  );
  return measureWatch({ inventory, providers }, watch, { accounts: [provider.accountId], now: NOW });
}

describe('per-domain figures of a pooled provider whose figure report lags its status-code report', () => {
  it('judges the latest interval both reports have filled, never one the figure report answers with zeros', async () => {
    const provider = laggingProvider();

    const idle = await measure('bandwidth < 1Mbps', provider);
    const cold = await measure('hit-rate < 50%', provider);

    for (const measured of [idle, cold]) {
      // The status codes reach 21:05; bandwidth and hit ratio only 20:55, which may still be filling in, so 20:50 is
      // judged with its real figure, and nothing matches.
      expect(measured.readings.map((reading) => [reading.domain, reading.at, reading.matches])).toEqual([
        ['a.example.cn', END - 4 * INTERVAL, false],
        ['b.example.cn', END - 4 * INTERVAL, false],
      ]);
      expect(measured.readings.every((reading) => reading.value !== 0 && reading.note === undefined)).toBe(
        true,
      );
    }
    // One call per domain and metric each time: two for bandwidth, two for the hit ratio.
    expect(provider.asked).toEqual([['a.example.cn'], ['b.example.cn'], ['a.example.cn'], ['b.example.cn']]);
  });
});
