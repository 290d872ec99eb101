import type { ProviderError } from '../errors.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import type { CdnProvider, DomainStatus } from '../providers/types.ts';
import type { TargetGroup } from '../traffic/resolve-targets.ts';

export interface DigestTargets {
  /** One group per account in the channel's account order; domains sorted by name. */
  groups: TargetGroup[];
  /** Each domain's status now, for "went offline". */
  statuses: Map<string, DomainStatus>;
  /** Accounts whose domain list could not be read: their domains are missing. */
  unreadable: ProviderError[];
  /** Named domains that no account of the channel serves (deleted since, or a typo in the digest). */
  unknown: string[];
  /** Named domains that more than one account of the channel serves, with those accounts. */
  ambiguous: { domain: string; accounts: string[] }[];
}

/**
 * The domains a digest covers, grouped by the account serving each: every domain of the channel's accounts for
 * `all`, else the named ones. Nothing here throws for a missing domain or an unreadable account: a digest posts
 * what it can and names the rest.
 */
export async function resolveDigestDomains(
  domains: 'all' | readonly string[],
  context: {
    accounts: readonly string[];
    inventory: DomainInventory;
    providers: ReadonlyMap<string, CdnProvider>;
  },
): Promise<DigestTargets> {
  const { accounts, inventory, providers } = context;
  const statuses = new Map<string, DomainStatus>();
  if (domains === 'all') {
    const listed = await inventory.list(accounts);
    const groups = listed.accounts
      .filter((account) => account.domains.length > 0)
      .map((account) => {
        for (const summary of account.domains) statuses.set(summary.domain, summary.status);
        return {
          accountId: account.accountId,
          provider: providers.get(account.accountId)!,
          domains: account.domains.map((summary) => summary.domain).sort((a, b) => a.localeCompare(b)),
        };
      });
    return { groups, statuses, unreadable: listed.failures, unknown: [], ambiguous: [] };
  }

  const resolution = await inventory.resolve(domains, accounts);
  const byAccount = new Map<string, string[]>();
  for (const [, owner] of resolution.found) {
    statuses.set(owner.summary.domain, owner.summary.status);
    byAccount.set(owner.accountId, [...(byAccount.get(owner.accountId) ?? []), owner.summary.domain]);
  }
  const groups = accounts
    .filter((accountId) => byAccount.has(accountId))
    .map((accountId) => ({
      accountId,
      provider: providers.get(accountId)!,
      domains: byAccount.get(accountId)!.sort((a, b) => a.localeCompare(b)),
    }));
  return {
    groups,
    statuses,
    unreadable: resolution.failures,
    unknown: resolution.unknown,
    ambiguous: [...resolution.ambiguous].map(([domain, owners]) => ({ domain, accounts: owners })),
  };
}
