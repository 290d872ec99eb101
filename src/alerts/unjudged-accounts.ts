/**
 * Accounts on which a rule cannot judge any domain, known before anything is asked: bandwidth and hit rates where
 * the provider's traffic report adds up the domains of a call (measure-watch.ts, planSources). `watch list` names
 * them, so nobody counts on a rule that will stay silent there.
 */
import type { Services } from '../dispatch/command-context.ts';
import { pooledNote } from './measure-watch.ts';
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
  let serving = pooled;
  if (watch.domains !== 'all') {
    // Named domains: only the accounts that serve one of them matter (the inventory's cached lists answer it).
    const resolved = await services.inventory.resolve(watch.domains, pooled);
    const named = new Set([...resolved.found.values()].map((found) => found.accountId));
    serving = pooled.filter((accountId) => named.has(accountId));
  }
  return serving.map((accountId) => ({
    accountId,
    why: pooledNote(services.providers.get(accountId)!.kind, what),
  }));
}
