import type { CommandContext } from '../dispatch/command-context.ts';
import { UsageError } from '../errors.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import type { CdnProvider, DomainDetail } from '../providers/types.ts';

/**
 * A domain the channel may see, with its account and its current configuration read fresh from the provider.
 * Either spelling of an international domain finds it; the provider is asked with the name it lists.
 */
export async function findDomain(
  ctx: CommandContext,
  domain: string,
): Promise<{
  accountId: string;
  provider: CdnProvider;
  detail: DomainDetail;
  /** How replies name it: as typed, with the listed (punycode) or Unicode form beside it when they differ. */
  shown: string;
}> {
  const name = requireDomainName(domain);
  const resolution = await ctx.inventory.resolve([name], ctx.caller.accounts);
  const owner = resolution.found.get(name);
  if (!owner) {
    if (resolution.failures[0]) throw resolution.failures[0];
    throw new UsageError(
      `\`${describeDomain(domain.toLowerCase(), name)}\` is not served by any account this channel may use.`,
      '`/cdn hosts` lists the domains available here.',
    );
  }
  const provider = ctx.providers.get(owner.accountId)!;
  const [detail] = await provider.describeDomains([owner.summary.domain]);
  if (!detail) {
    throw new UsageError(
      `\`${describeDomain(domain.toLowerCase(), owner.summary.domain)}\` no longer exists on ${owner.accountId}.`,
    );
  }
  return {
    accountId: owner.accountId,
    provider,
    detail,
    shown: describeDomain(domain.toLowerCase(), detail.domain),
  };
}
