import { describe, expect, it } from 'vitest';
import type { TrafficMetric } from '../../src/providers/traffic-types.ts';
import { fetchBatched } from '../../src/traffic/fetch-batched.ts';
import { fakeTrafficProvider, manyDomains } from './fake-traffic-provider.ts';

const METRICS: readonly TrafficMetric[] = ['flux', 'bandwidth', 'request'];
const DAY = { from: Date.UTC(2026, 10, 22, 16), to: Date.UTC(2026, 10, 23, 16), interval: 'hour' as const };

/** Asks one call per metric per batch, the way DescribeCdnData takes one Metric at a time. */
function perMetric(metrics: readonly TrafficMetric[]) {
  return async (provider: Parameters<Parameters<typeof fetchBatched>[1]>[0], domains: string[]) =>
    (await Promise.all(metrics.map((metric) => provider.traffic!({ ...DAY, domains }, [metric])))).flat();
}

describe('fetchBatched', () => {
  it('splits 65 domains into batches of the provider’s maxDomainsPerCall: 3 calls per metric', async () => {
    const domains = manyDomains(65);
    const provider = fakeTrafficProvider({ domains, limits: { maxDomainsPerCall: 30 } });

    const { results, failures } = await fetchBatched([{ provider, domains }], perMetric(METRICS));

    expect(failures).toEqual([]);
    for (const metric of METRICS) {
      const calls = provider.calls.filter((call) => call.metrics?.includes(metric));
      expect(calls.map((call) => call.domains.length)).toEqual([30, 30, 5]);
    }
    expect(new Set(results.map((series) => series.domain)).size).toBe(65);
    expect(results).toHaveLength(65 * METRICS.length);
  });

  it('names the domains of a failed batch with the provider’s code, message and request id, and returns the rest', async () => {
    const domains = manyDomains(65);
    const provider = fakeTrafficProvider({
      domains,
      limits: { maxDomainsPerCall: 30 },
      failFor: 'd31.example.com',
    });

    const { results, failures } = await fetchBatched([{ provider, domains }], (p, batch) =>
      p.traffic!({ ...DAY, domains: batch }, ['flux']),
    );

    expect(failures).toEqual([
      {
        accountId: 'fake-prod',
        domains: domains.slice(30, 60),
        providerCode: 'RequestLimitExceeded',
        message: 'Too many requests',
        requestId: 'req-batch-failed',
      },
    ]);
    expect(results.map((series) => series.domain)).toEqual([...domains.slice(0, 30), ...domains.slice(60)]);
  });

  it('runs at most 4 batches of one account at once, and every account at once', async () => {
    const prod = fakeTrafficProvider({
      accountId: 'prod',
      domains: manyDomains(200),
      limits: { maxDomainsPerCall: 20 },
    });
    const test = fakeTrafficProvider({
      accountId: 'test',
      domains: manyDomains(40, 'example.org'),
      limits: { maxDomainsPerCall: 20 },
    });
    let runningAcrossAccounts = 0;
    let peakAcrossAccounts = 0;

    await fetchBatched(
      [
        { provider: prod, domains: manyDomains(200) },
        { provider: test, domains: manyDomains(40, 'example.org') },
      ],
      async (provider, batch) => {
        runningAcrossAccounts += 1;
        peakAcrossAccounts = Math.max(peakAcrossAccounts, runningAcrossAccounts);
        try {
          return await provider.traffic!({ ...DAY, domains: batch }, ['flux']);
        } finally {
          runningAcrossAccounts -= 1;
        }
      },
    );

    expect(prod.calls).toHaveLength(10);
    expect(prod.peakRunning).toBe(4);
    expect(test.calls).toHaveLength(2);
    expect(test.peakRunning).toBe(2);
    expect(peakAcrossAccounts).toBe(6);
  });

  it('takes a lower in-flight limit when given one', async () => {
    const provider = fakeTrafficProvider({ domains: manyDomains(90), limits: { maxDomainsPerCall: 30 } });

    await fetchBatched(
      [{ provider, domains: manyDomains(90) }],
      (p, batch) => p.traffic!({ ...DAY, domains: batch }, ['flux']),
      {
        maxInFlightPerAccount: 1,
      },
    );

    expect(provider.peakRunning).toBe(1);
  });

  it('rethrows what is not a provider answer, once every batch has settled', async () => {
    const provider = fakeTrafficProvider({ domains: manyDomains(60) });
    const settled: string[] = [];

    const fetching = fetchBatched([{ provider, domains: manyDomains(60) }], async (_p, batch) => {
      if (batch[0] === 'd00.example.com') throw new TypeError('a bug in the mapping');
      await new Promise((resolve) => setImmediate(resolve));
      settled.push(batch[0]!);
      return [];
    });

    await expect(fetching).rejects.toThrow('a bug in the mapping');
    expect(settled).toEqual(['d30.example.com']);
  });

  it('asks nothing for an account without domains', async () => {
    const provider = fakeTrafficProvider({ domains: [] });

    const answer = await fetchBatched([{ provider, domains: [] }], (p, batch) =>
      p.traffic!({ ...DAY, domains: batch }, ['flux']),
    );

    expect(answer).toEqual({ results: [], failures: [] });
    expect(provider.calls).toEqual([]);
  });
});
