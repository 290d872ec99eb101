/**
 * Which account serves which domain. Each account's domain list is cached for `ttlMs`; a domain that no cached
 * list knows triggers one refresh of the lists older than `minRefreshMs` (a domain added a minute ago should
 * work, a typo should not hammer the providers).
 */
import type { Clock } from '../clock.ts';
import { ProviderError } from '../errors.ts';
import { asciiDomain } from './domain-name.ts';
import type { CdnProvider, DomainSummary } from './types.ts';

export interface AccountDomains {
  accountId: string;
  domains: DomainSummary[];
}

export interface ResolvedDomain {
  accountId: string;
  summary: DomainSummary;
}

export interface Resolution {
  found: Map<string, ResolvedDomain>;
  unknown: string[];
  /** Domains served by more than one allowed account: the caller must pick one with --account. */
  ambiguous: Map<string, string[]>;
  /** Accounts whose list could not be read; their domains may be among `unknown`. */
  failures: ProviderError[];
}

export interface DomainInventory {
  /** Domain lists of the given accounts; an account that fails is reported in `failures`, not thrown. */
  list(accountIds: readonly string[]): Promise<{ accounts: AccountDomains[]; failures: ProviderError[] }>;
  /**
   * Which allowed account serves each domain, keyed by the name as given; names are compared in ASCII (punycode),
   * so either spelling of an international domain is found. A name that is not a domain is simply unknown.
   */
  resolve(domains: readonly string[], accountIds: readonly string[]): Promise<Resolution>;
  /** Forget cached lists, e.g. after a change that adds or removes domains. */
  invalidate(accountId?: string): void;
}

interface CacheEntry {
  fetchedAt: number;
  domains: Promise<DomainSummary[]>;
}

export function createDomainInventory(options: {
  providers: ReadonlyMap<string, CdnProvider>;
  clock: Clock;
  ttlMs: number;
  minRefreshMs?: number;
}): DomainInventory {
  const { providers, clock, ttlMs } = options;
  const minRefreshMs = options.minRefreshMs ?? 30_000;
  const cache = new Map<string, CacheEntry>();

  function fetchList(accountId: string): CacheEntry {
    const provider = providers.get(accountId);
    if (!provider) throw new Error(`no provider for account ${accountId}`);
    // Concurrent callers share one in-flight request; a failure is not cached.
    const entry: CacheEntry = { fetchedAt: clock.now(), domains: provider.listDomains() };
    entry.domains.catch(() => {
      if (cache.get(accountId) === entry) cache.delete(accountId);
    });
    cache.set(accountId, entry);
    return entry;
  }

  function cached(accountId: string, maxAgeMs: number): CacheEntry {
    const entry = cache.get(accountId);
    if (entry && clock.now() - entry.fetchedAt < maxAgeMs) return entry;
    return fetchList(accountId);
  }

  async function settle(
    accountIds: readonly string[],
    maxAgeMs: number,
  ): Promise<{ accounts: AccountDomains[]; failures: ProviderError[] }> {
    const results = await Promise.allSettled(
      accountIds.map(async (accountId) => ({
        accountId,
        domains: await cached(accountId, maxAgeMs).domains,
      })),
    );
    const accounts: AccountDomains[] = [];
    const failures: ProviderError[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') accounts.push(result.value);
      else failures.push(asProviderError(result.reason, accountIds[index]!));
    });
    return { accounts, failures };
  }

  // Compared in ASCII: `中文.example.com`, `XN--FIQ228C.example.com` and the listed `xn--fiq228c.example.com` are one.
  function match(domains: readonly string[], accounts: AccountDomains[]) {
    const owners = new Map<string, ResolvedDomain[]>();
    for (const account of accounts) {
      for (const summary of account.domains) {
        const key = matchKey(summary.domain);
        owners.set(key, [...(owners.get(key) ?? []), { accountId: account.accountId, summary }]);
      }
    }
    return domains.map((domain) => {
      const key = asciiDomain(domain);
      return { domain, owners: key ? (owners.get(key) ?? []) : [] };
    });
  }

  return {
    list: (accountIds) => settle(accountIds, ttlMs),

    async resolve(domains, accountIds) {
      let listed = await settle(accountIds, ttlMs);
      let matches = match(domains, listed.accounts);
      // Only a real name may be new: something that is not a domain name at all never refreshes the lists.
      if (matches.some((entry) => entry.owners.length === 0 && asciiDomain(entry.domain) !== '')) {
        // Accounts that just failed were tried a moment ago; asking them again now would only double the error.
        const failed = new Set(listed.failures.map((failure) => failure.account));
        const refreshed = await settle(
          accountIds.filter((accountId) => !failed.has(accountId)),
          minRefreshMs,
        );
        listed = { accounts: refreshed.accounts, failures: [...listed.failures, ...refreshed.failures] };
        matches = match(domains, listed.accounts);
      }
      const resolution: Resolution = {
        found: new Map(),
        unknown: [],
        ambiguous: new Map(),
        failures: listed.failures,
      };
      for (const { domain, owners } of matches) {
        if (owners.length === 0) resolution.unknown.push(domain);
        else if (owners.length > 1)
          resolution.ambiguous.set(
            domain,
            owners.map((owner) => owner.accountId),
          );
        else resolution.found.set(domain, owners[0]!);
      }
      return resolution;
    },

    invalidate(accountId) {
      if (accountId) cache.delete(accountId);
      else cache.clear();
    },
  };
}

/** A listed domain's key: its ASCII form, or (should a provider list something odd) the name lower-cased. */
function matchKey(listed: string): string {
  return asciiDomain(listed) || listed.toLowerCase();
}

function asProviderError(error: unknown, accountId: string): ProviderError {
  if (error instanceof ProviderError) return error;
  return new ProviderError({
    account: accountId,
    providerCode: 'InternalError',
    message: error instanceof Error ? error.message : String(error),
  });
}
