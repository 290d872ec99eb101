import type { Caller } from '../auth/compile-guardrails.ts';
import { type ProviderError, UsageError } from '../errors.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import type { CdnProvider } from '../providers/types.ts';
import { code } from '../render/format.ts';

/** The domains of one account a traffic command asks about. */
export interface TargetGroup {
  accountId: string;
  provider: CdnProvider;
  domains: string[];
}

export interface ResolvedTargets {
  /** True for `all`: every domain of every account the channel may use. */
  all: boolean;
  /** One group per account, in the caller's account order; domains sorted by name. */
  groups: TargetGroup[];
  /** Accounts whose domain list could not be read (with `all`), so the reply can say what is missing. */
  unreadable: ProviderError[];
  /** How replies name the one domain (not `all`): as typed, with its punycode or Unicode form when they differ. */
  shown?: string;
}

/**
 * Turns the `<domain|all>` of `stats`, `top` and `codes` into the domains to ask, grouped by account. One domain
 * must be served by exactly one account the caller may use; otherwise this throws a UsageError naming it (or the
 * error of an account that could not be listed, since that account may be the one serving it).
 */
export async function resolveTargets(
  target: string,
  context: { caller: Caller; inventory: DomainInventory; providers: ReadonlyMap<string, CdnProvider> },
): Promise<ResolvedTargets> {
  const { caller, inventory, providers } = context;
  if (target.toLowerCase() === 'all') {
    const { accounts, failures } = await inventory.list(caller.accounts);
    const groups = accounts
      .filter((account) => account.domains.length > 0)
      .map((account) => ({
        accountId: account.accountId,
        provider: providers.get(account.accountId)!,
        domains: account.domains.map((domain) => domain.domain).sort((a, b) => a.localeCompare(b)),
      }));
    return { all: true, groups, unreadable: failures };
  }

  const name = requireDomainName(target, 'Name a domain like `www.example.com`, or `all`.');
  const resolution = await inventory.resolve([name], caller.accounts);
  const shown = describeDomain(target, name);
  const owners = resolution.ambiguous.get(name);
  if (owners) {
    throw new UsageError(
      `${code(shown)} is served by more than one account (${owners.map(code).join(', ')}).`,
      'Ask an admin to limit this channel to one of them with `providers:` in cdnops.yml.',
    );
  }
  const owner = resolution.found.get(name);
  if (!owner) {
    if (resolution.failures[0]) throw resolution.failures[0];
    throw new UsageError(
      `${code(shown)} is not served by any account this channel may use.`,
      '`/cdn hosts` lists the domains available here; `all` means every one of them.',
    );
  }
  return {
    all: false,
    groups: [
      {
        accountId: owner.accountId,
        provider: providers.get(owner.accountId)!,
        domains: [owner.summary.domain],
      },
    ],
    unreadable: [],
    shown: describeDomain(target, owner.summary.domain),
  };
}
