import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { ProviderError } from '../../src/errors.ts';
import { createDomainInventory } from '../../src/providers/domain-inventory.ts';
import type { CdnProvider, DomainSummary } from '../../src/providers/types.ts';
import { unusedOperations } from '../support/unused-operations.ts';

const TTL = 5 * 60_000;
const MIN_REFRESH = 30_000;

function summary(domain: string): DomainSummary {
  return {
    domain,
    id: `cdn-${domain.split('.')[0]}`,
    status: 'online',
    cname: undefined,
    origins: [],
    serviceType: 'web',
    area: 'mainland',
    projectId: 0,
    disabledReason: undefined,
    updatedAt: undefined,
  };
}

interface FakeProvider extends CdnProvider {
  /** The domains listDomains answers with; change it to simulate a domain being added. */
  domains: string[];
  /** Set to make the next listDomains calls fail. */
  failWith: unknown;
  listCalls: number;
}

function fakeProvider(accountId: string, domains: string[]): FakeProvider {
  const provider: FakeProvider = {
    kind: 'tencent',
    accountId,
    domains,
    failWith: undefined,
    listCalls: 0,
    async listDomains() {
      provider.listCalls += 1;
      if (provider.failWith !== undefined) throw provider.failWith;
      return provider.domains.map(summary);
    },
    ...unusedOperations('the inventory should not call this'),
  };
  return provider;
}

function setup(...providers: FakeProvider[]) {
  const clock = createManualClock();
  const inventory = createDomainInventory({
    providers: new Map(providers.map((provider) => [provider.accountId, provider])),
    clock,
    ttlMs: TTL,
    minRefreshMs: MIN_REFRESH,
  });
  return { clock, inventory };
}

function throttled(account: string): ProviderError {
  return new ProviderError({
    account,
    providerCode: 'RequestLimitExceeded',
    message: 'slow down',
    retryable: true,
  });
}

describe('createDomainInventory', () => {
  it('reads an account’s domains once within the TTL and again after it', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const { clock, inventory } = setup(prod);

    await inventory.list(['prod']);
    clock.advance(TTL - 1);
    const cached = await inventory.list(['prod']);
    const callsWithinTtl = prod.listCalls;
    clock.advance(1);
    await inventory.list(['prod']);

    expect(cached.accounts).toEqual([{ accountId: 'prod', domains: [summary('www.example.com')] }]);
    expect(callsWithinTtl).toBe(1);
    expect(prod.listCalls).toBe(2);
  });

  it('reads the list again after invalidate', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const { inventory } = setup(prod);

    await inventory.list(['prod']);
    inventory.invalidate('prod');
    await inventory.list(['prod']);

    expect(prod.listCalls).toBe(2);
  });

  it('reports found, ambiguous and unknown domains, matching names case-insensitively', async () => {
    const prod = fakeProvider('prod', ['www.example.com', 'shared.example.com']);
    const test = fakeProvider('test', ['img.example.com', 'shared.example.com']);
    const { inventory } = setup(prod, test);

    const resolution = await inventory.resolve(
      ['WWW.example.com', 'img.example.com', 'shared.example.com', 'nope.example.com'],
      ['prod', 'test'],
    );

    expect(resolution).toEqual({
      found: new Map([
        ['WWW.example.com', { accountId: 'prod', summary: summary('www.example.com') }],
        ['img.example.com', { accountId: 'test', summary: summary('img.example.com') }],
      ]),
      ambiguous: new Map([['shared.example.com', ['prod', 'test']]]),
      unknown: ['nope.example.com'],
      failures: [],
    });
  });

  it('only looks in the accounts it is given', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const test = fakeProvider('test', ['img.example.com']);
    const { inventory } = setup(prod, test);

    const resolution = await inventory.resolve(['img.example.com'], ['prod']);

    expect(resolution.unknown).toEqual(['img.example.com']);
    expect(test.listCalls).toBe(0);
  });

  it('does not refresh anything when every domain is known', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const { clock, inventory } = setup(prod);
    await inventory.list(['prod']);
    clock.advance(MIN_REFRESH * 2);

    await inventory.resolve(['www.example.com'], ['prod']);

    expect(prod.listCalls).toBe(1);
  });

  it('on a miss, refreshes lists older than minRefreshMs but not fresher ones', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const test = fakeProvider('test', ['img.example.com']);
    const { clock, inventory } = setup(prod, test);
    await inventory.list(['prod']);
    clock.advance(MIN_REFRESH + 1);
    await inventory.list(['test']);
    prod.domains = ['www.example.com', 'new.example.com'];
    test.domains = ['img.example.com', 'new2.example.com'];

    const resolution = await inventory.resolve(['new.example.com', 'new2.example.com'], ['prod', 'test']);

    expect({ prod: prod.listCalls, test: test.listCalls }).toEqual({ prod: 2, test: 1 });
    expect([...resolution.found.keys()]).toEqual(['new.example.com']);
    expect(resolution.unknown).toEqual(['new2.example.com']);
  });

  it('does not ask an account that just failed again within the same resolve', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const test = fakeProvider('test', ['img.example.com']);
    prod.failWith = throttled('prod');
    const { inventory } = setup(prod, test);

    const resolution = await inventory.resolve(['nope.example.com'], ['prod', 'test']);

    expect(prod.listCalls).toBe(1);
    expect(resolution.unknown).toEqual(['nope.example.com']);
    expect(resolution.failures).toEqual([prod.failWith]);
  });

  it('returns a failure in failures without caching it, so the next resolve asks again', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    prod.failWith = throttled('prod');
    const { inventory } = setup(prod);

    const failed = await inventory.resolve(['www.example.com'], ['prod']);
    prod.failWith = undefined;
    const retried = await inventory.resolve(['www.example.com'], ['prod']);

    expect(failed.failures.map((failure) => failure.providerCode)).toEqual(['RequestLimitExceeded']);
    expect(failed.unknown).toEqual(['www.example.com']);
    expect(retried.failures).toEqual([]);
    expect(retried.found.get('www.example.com')?.accountId).toBe('prod');
    expect(prod.listCalls).toBe(2);
  });

  it('reports an unexpected error as a provider error of that account', async () => {
    const prod = fakeProvider('prod', []);
    prod.failWith = new TypeError('fetch failed');
    const { inventory } = setup(prod);

    const { failures } = await inventory.list(['prod']);

    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(ProviderError);
    expect(failures[0]).toMatchObject({
      account: 'prod',
      providerCode: 'InternalError',
      message: 'fetch failed',
    });
  });

  it('shares one in-flight list between concurrent resolves', async () => {
    const prod = fakeProvider('prod', ['www.example.com']);
    const { inventory } = setup(prod);

    const [first, second] = await Promise.all([
      inventory.resolve(['www.example.com'], ['prod']),
      inventory.resolve(['www.example.com'], ['prod']),
    ]);

    expect(prod.listCalls).toBe(1);
    expect(first.found).toEqual(second.found);
    expect(first.found.get('www.example.com')?.accountId).toBe('prod');
  });
});
