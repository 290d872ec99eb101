import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { createLogger } from '../../src/logger.ts';
import { lazyProvider } from '../../src/providers/lazy-provider.ts';
import type { ProviderEntry, ProviderFactory } from '../../src/providers/provider-factory.ts';
import { tencentProfile } from '../../src/providers/tencent/profile.ts';
import type { CdnProvider } from '../../src/providers/types.ts';

const deps = {
  clock: createManualClock(),
  logger: createLogger({ level: 'error', secrets: [], write: () => {} }),
};
const account = tencentProfile.accountSchema.parse({
  kind: 'tencent',
  secretId: 'AKIDsample',
  secretKey: 'sample',
});

/** The Tencent profile with an implementation that answers listDomains and counts how often it was loaded. */
function countingEntry(failFirstLoads = 0): { entry: ProviderEntry; loads: () => number } {
  let loads = 0;
  const factory = {
    ...tencentProfile,
    create: (accountId: string) =>
      ({
        kind: 'tencent',
        accountId,
        listDomains: async () => [{ domain: `www.${accountId}.example.com` }],
      }) as never,
  } as ProviderFactory;
  const entry: ProviderEntry = {
    ...tencentProfile,
    load: async () => {
      loads += 1;
      if (loads <= failFirstLoads) throw new Error('Cannot find module client.js');
      return factory;
    },
  } as ProviderEntry;
  return { entry, loads: () => loads };
}

describe('a provider that loads on first use', () => {
  it('refuses unsupported changes and bad origins before anything loads', () => {
    const { entry, loads } = countingEntry();
    const provider: CdnProvider = lazyProvider(entry, 'prod', account, deps);

    expect(provider.configFields).toContain('fullUrlCache');
    expect(provider.ipDenyLimit).toBe(500);
    expect(provider.trafficLimits?.().maxDomainsPerCall).toBe(30);
    expect(() => provider.checkOrigin?.({ origins: ['2001:db8::1', '2001:db8::2'] })).toThrow(
      'Tencent Cloud takes one IPv6 origin on its own',
    );
    expect(loads()).toBe(0);
  });

  it('loads its implementation once, on the first call, however many calls arrive together', async () => {
    const { entry, loads } = countingEntry();
    const provider = lazyProvider(entry, 'prod', account, deps);

    const answers = await Promise.all([provider.listDomains(), provider.listDomains()]);
    await provider.listDomains();

    expect(answers[0]).toEqual([{ domain: 'www.prod.example.com' }]);
    expect(loads()).toBe(1);
  });

  it('tries the load again on the next call after one failed', async () => {
    const { entry, loads } = countingEntry(1);
    const provider = lazyProvider(entry, 'prod', account, deps);

    await expect(provider.listDomains()).rejects.toThrow('Cannot find module');
    await expect(provider.listDomains()).resolves.toEqual([{ domain: 'www.prod.example.com' }]);
    expect(loads()).toBe(2);
  });
});
