import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { measureWatch } from '../../src/alerts/measure-watch.ts';
import { watchFromConfig } from '../../src/alerts/watch-definition.ts';
import { WatchConfig } from '../../src/config/schema.ts';
import { createDomainInventory } from '../../src/providers/domain-inventory.ts';
import type { CdnProvider } from '../../src/providers/types.ts';
import { fakeTrafficProvider, manyDomains } from '../traffic/fake-traffic-provider.ts';

/** 2026-11-23 21:10:30 in Asia/Shanghai: the 21:05 interval has just closed. */
const NOW = Date.UTC(2026, 10, 23, 13, 10, 30);
/** 7 batches of at most 30 domains. */
const DOMAINS = manyDomains(200);

describe('a status-code rule ranked by ListTopData', () => {
  it('asks all its request batches together, so its ranking does not wait behind four at a time', async () => {
    const traffic = fakeTrafficProvider({ domains: DOMAINS, value: () => 1_000 });
    const ranked: number[] = [];
    const provider: CdnProvider = {
      ...traffic,
      async intervalClassCounts(query) {
        ranked.push(query.domains.length);
        return query.domains.map((domain) => ({ domain, count: 0, exact: true }));
      },
    };
    const providers = new Map([[provider.accountId, provider]]);
    const inventory = createDomainInventory({ providers, clock: createManualClock(NOW), ttlMs: 60_000 });
    const watch = watchFromConfig(
      WatchConfig.parse({ name: 'errors', channel: 'C0OPS00001', domains: 'all', when: '5xx > 2%' }),
    );

    const measured = await measureWatch({ inventory, providers }, watch, {
      accounts: [provider.accountId],
      now: NOW,
    });

    expect(traffic.calls.filter((call) => call.operation === 'traffic')).toHaveLength(7);
    expect(traffic.peakRunning).toBe(7);
    expect(ranked).toEqual([30, 30, 30, 30, 30, 30, 20]);
    expect(measured.readings.filter((reading) => reading.matches)).toEqual([]);
  });
});
