/**
 * Turns validated targets into per-account request chunks, refusing (with nothing sent) anything that cannot go:
 * a domain no allowed account serves, a stopped domain, or more items than today's quota has left.
 */
import { UsageError } from '../errors.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import { describeDomain } from '../providers/domain-name.ts';
import type { Area, CdnProvider, Quota, QuotaKind } from '../providers/types.ts';
import { formatCount, plural } from '../render/format.ts';
import type { Target } from './normalize-targets.ts';
import type { Operation } from './submission.ts';

export interface AccountPlan {
  accountId: string;
  provider: CdnProvider;
  /** Each chunk is one provider request. */
  chunks: { items: string[]; urlEncode: boolean; area?: Area }[];
  /** Quota after this plan, per area it touches. */
  quotaAfter: { area: Area; available: number; total: number }[];
}

export interface SubmissionPlan {
  operation: Operation;
  accounts: AccountPlan[];
  itemCount: number;
}

const QUOTA_KIND: Readonly<Record<Operation, QuotaKind>> = {
  'purge-url': 'url-purge',
  'purge-dir': 'dir-purge',
  prefetch: 'prefetch',
};

const ITEMS: Readonly<Record<Operation, [string, string]>> = {
  'purge-url': ['URL', 'URLs'],
  'purge-dir': ['directory', 'directories'],
  prefetch: ['URL', 'URLs'],
};

const REMEDY: Readonly<Record<Operation, string>> = {
  'purge-url':
    'Send fewer, purge a directory instead of many URLs, or wait for the quota to reset at midnight (UTC+8).',
  'purge-dir': 'Send fewer directories, or wait for the quota to reset at midnight (UTC+8).',
  prefetch: 'Prefetch fewer URLs, or wait for the quota to reset at midnight (UTC+8).',
};

/** When a provider reports no batch size for what is touched: small enough for any provider's per-call limit. */
const FALLBACK_BATCH = 100;

/** Plural: "of today's 1,000 <noun> are left". */
const NOUN: Readonly<Record<Operation, string>> = {
  'purge-url': 'URL purges',
  'purge-dir': 'directory purges',
  prefetch: 'prefetches',
};

export async function planSubmission(input: {
  operation: Operation;
  targets: readonly Target[];
  accountIds: readonly string[];
  providers: ReadonlyMap<string, CdnProvider>;
  inventory: DomainInventory;
}): Promise<SubmissionPlan> {
  const { operation, targets } = input;
  // Hosts are matched in ASCII (punycode) and named in replies as they were typed.
  const typedHosts = new Map<string, string>();
  for (const target of targets)
    if (!typedHosts.has(target.host)) typedHosts.set(target.host, target.typedHost ?? target.host);
  const shown = (host: string, listed = host) => describeDomain(typedHosts.get(host) ?? host, listed);
  const hosts = [...typedHosts.keys()];
  const resolution = await input.inventory.resolve(hosts, input.accountIds);

  if (resolution.unknown.length > 0) {
    // An account whose list could not be read may well serve the domain: its error is the real answer.
    if (resolution.failures[0]) throw resolution.failures[0];
    throw new UsageError(
      `Nothing was sent: ${resolution.unknown.map((host) => `\`${shown(host)}\``).join(', ')} ${resolution.unknown.length === 1 ? 'is' : 'are'} not served by any account this channel may use (${input.accountIds.join(', ')}).`,
      '`/cdn hosts` lists the domains available here.',
    );
  }
  if (resolution.ambiguous.size > 0) {
    const [host, owners] = [...resolution.ambiguous][0]!;
    throw new UsageError(
      `Nothing was sent: \`${shown(host)}\` is served by more than one account (${owners.join(', ')}).`,
      'Ask an admin to limit this channel to one of them with `providers:` in cdnops.yml.',
    );
  }
  const stopped = [...resolution.found].filter(([, entry]) =>
    operation === 'prefetch' ? entry.summary.status !== 'online' : entry.summary.status === 'offline',
  );
  if (stopped.length > 0) {
    throw new UsageError(
      `Nothing was sent: ${stopped.map(([host, entry]) => `\`${shown(host, entry.summary.domain)}\` is ${entry.summary.status}`).join(', ')}.`,
      operation === 'prefetch'
        ? 'Prefetch needs an online domain.'
        : 'A stopped domain serves nothing from cache; start it with `/cdn online` first.',
    );
  }

  const byAccount = new Map<string, { target: Target; area: Area }[]>();
  for (const target of targets) {
    const owner = resolution.found.get(target.host)!;
    const list = byAccount.get(owner.accountId) ?? [];
    list.push({ target, area: owner.summary.area ?? 'mainland' });
    byAccount.set(owner.accountId, list);
  }

  const accounts = await Promise.all(
    [...byAccount].map(async ([accountId, entries]) => {
      const provider = input.providers.get(accountId)!;
      const quotas = (await provider.getQuota()).filter((quota) => quota.kind === QUOTA_KIND[operation]);
      return planAccount(operation, accountId, provider, entries, quotas);
    }),
  );
  return { operation, accounts, itemCount: targets.length };
}

function planAccount(
  operation: Operation,
  accountId: string,
  provider: CdnProvider,
  entries: { target: Target; area: Area }[],
  quotas: Quota[],
): AccountPlan {
  // A global domain's purge counts against both areas' quota.
  const demand = new Map<Area, number>();
  for (const { area } of entries) {
    for (const counted of area === 'global' ? (['mainland', 'overseas'] as const) : [area]) {
      demand.set(counted, (demand.get(counted) ?? 0) + 1);
    }
  }
  const quotaAfter: AccountPlan['quotaAfter'] = [];
  const touched: Quota[] = [];
  for (const [area, count] of demand) {
    // A provider that does not count areas separately reports one figure that covers all of them.
    const quota =
      quotas.find((candidate) => candidate.area === area) ?? (quotas.length === 1 ? quotas[0] : undefined);
    if (!quota) continue;
    touched.push(quota);
    if (count > quota.available) {
      throw new UsageError(
        `Nothing was sent: ${plural(count, ...ITEMS[operation])} for ${accountId} (${area}) but only ${formatCount(quota.available)} of today's ${formatCount(quota.total)} ${NOUN[operation]} are left.`,
        REMEDY[operation],
      );
    }
    quotaAfter.push({ area, available: quota.available - count, total: quota.total });
  }
  const batch =
    touched.length > 0 ? Math.max(1, Math.min(...touched.map((quota) => quota.batch))) : FALLBACK_BATCH;
  // Prefetch goes to mainland unless told otherwise, so requests are grouped by area and name it; purges follow
  // each domain's own area by default.
  const byArea = new Map<Area, Target[]>();
  for (const { target, area } of entries) {
    // Appended in place: copying the list for each target made 10,000 URLs cost half a second.
    const list = byArea.get(area);
    if (list) list.push(target);
    else byArea.set(area, [target]);
  }
  const chunks: AccountPlan['chunks'] = [];
  for (const [area, targets] of byArea) {
    for (let start = 0; start < targets.length; start += batch) {
      const slice = targets.slice(start, start + batch);
      chunks.push({
        items: slice.map((target) => target.url),
        urlEncode: slice.some((target) => target.nonAscii),
        ...(operation === 'prefetch' && area !== 'mainland' ? { area } : {}),
      });
    }
  }
  return { accountId, provider, chunks, quotaAfter };
}
