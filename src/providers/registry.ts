import * as z from 'zod';
import type { ProviderError } from '../errors.ts';
import type { CacheStatusReader } from './cache-status.ts';
import { lazyProvider } from './lazy-provider.ts';
import type { ProviderDeps, ProviderEntry } from './provider-factory.ts';
import { tencentProfile } from './tencent/profile.ts';
import type { CdnProvider } from './types.ts';
import { wangsuProfile } from './wangsu/profile.ts';

/**
 * Every provider, one line each, in the order their cache headers are tried by /cdn check. The kinds, the account
 * schema and the lookups below are derived from this list, so a provider is its folder plus this line. Each line
 * is the provider's profile (schema, hints, cache headers) and its implementation, loaded on the first call to one
 * of its accounts: the clients and their response schemas are most of what a provider weighs at start-up.
 */
export const PROVIDERS = keyedByKind({
  tencent: { ...tencentProfile, load: async () => (await import('./tencent/index.ts')).tencent },
  wangsu: { ...wangsuProfile, load: async () => (await import('./wangsu/index.ts')).wangsu },
});

export type ProviderKind = keyof typeof PROVIDERS;

/** Every provider kind cdnops knows, as written in `providers.<id>.kind`. */
export const PROVIDER_KINDS = Object.keys(PROVIDERS) as readonly ProviderKind[];

type AccountSchemas = (typeof PROVIDERS)[ProviderKind]['accountSchema'];

const FACTORIES: readonly ProviderEntry[] = Object.values(PROVIDERS);

/** One schema per provider kind, discriminated by `kind`. */
export const AccountConfig = z.discriminatedUnion(
  'kind',
  FACTORIES.map((factory) => factory.accountSchema) as [AccountSchemas, ...AccountSchemas[]],
);
export type AccountConfig = z.infer<typeof AccountConfig>;

/** The providers' own cache-header parsers, in registry order: /cdn check tries them before the generic headers. */
export const PROVIDER_CACHE_STATUS_READERS: readonly CacheStatusReader[] = FACTORIES.map(
  (factory) => factory.readCacheStatus,
);

/**
 * Advice for a provider error code. The error does not say which provider raised it, so each provider is asked
 * in turn; their codes do not overlap.
 */
export function providerHint(error: ProviderError): string | undefined {
  for (const factory of FACTORIES) {
    const hint = factory.hint(error.providerCode);
    if (hint !== undefined) return hint;
  }
  return undefined;
}

/** How long a kind's log download links work, as told to users; undefined where the provider does not say. */
export function logLinkLifetime(kind: string): string | undefined {
  return Object.hasOwn(PROVIDERS, kind) ? PROVIDERS[kind as ProviderKind].logLinkLifetime : undefined;
}

/**
 * One provider per configured account, keyed by account id. Each answers its synchronous members at once and loads
 * its kind's implementation on its first call.
 */
export function createProviders(
  accounts: Readonly<Record<string, AccountConfig>>,
  deps: ProviderDeps,
): Map<string, CdnProvider> {
  const providers = new Map<string, CdnProvider>();
  for (const [accountId, account] of Object.entries(accounts)) {
    const entry: ProviderEntry = PROVIDERS[account.kind];
    providers.set(accountId, lazyProvider(entry, accountId, account, deps));
  }
  return providers;
}

/** Makes an entry filed under another kind's name a compile error, not a config that builds the wrong provider. */
function keyedByKind<F extends { readonly [K in keyof F]: ProviderEntry & { readonly kind: K } }>(
  factories: F,
): F {
  return factories;
}
