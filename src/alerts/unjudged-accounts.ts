/**
 * Accounts on which a rule cannot judge any domain, known before anything is asked: bandwidth and hit rates where
 * the provider's traffic report adds up the domains of a call and the rule's domains there are more than its share
 * of the account's budget allows asking one a call (measure-watch.ts, planSources). `watch list` names them, so
 * nobody counts on a rule that will stay silent there.
 */
import { resolveDigestDomains } from '../digests/resolve-digest-domains.ts';
import type { Services } from '../dispatch/command-context.ts';
import { perDomainNote } from './measure-watch.ts';
import type { WatchDefinition } from './watch-definition.ts';

export interface UnjudgedAccount {
  accountId: string;
  why: string;
}

export async function unjudgedAccounts(
  services: Pick<Services, 'inventory' | 'providers'>,
  watch: WatchDefinition,
  accounts: readonly string[],
): Promise<UnjudgedAccount[]> {
  const { condition } = watch;
  const what =
    condition.kind === 'bandwidth'
      ? 'bandwidth'
      : condition.kind === 'rate' && condition.metric === 'hit-rate'
        ? 'hit rates'
        : undefined;
  if (what === undefined) return [];
  const pooled = accounts.filter(
    (accountId) => services.providers.get(accountId)?.trafficLimits?.().pooledTraffic,
  );
  if (pooled.length === 0) return [];
  // The rule's domains on each pooled account, from the inventory's cached lists: the cost is per domain.
  const targets = await resolveDigestDomains(watch.domains, {
    accounts: pooled,
    inventory: services.inventory,
    providers: services.providers,
  });
  return targets.groups.flatMap((group) => {
    const why = perDomainNote(group.provider, what, group.domains.length);
    return why === undefined ? [] : [{ accountId: group.accountId, why }];
  });
}
