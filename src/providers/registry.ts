import { z } from 'zod';
import type { ProviderError } from '../errors.ts';
import type { CacheStatusReader } from './cache-status.ts';
import type { ProviderDeps, ProviderFactory } from './provider-factory.ts';
import { tencent } from './tencent/index.ts';
import type { CdnProvider } from './types.ts';
import { wangsu } from './wangsu/index.ts';

/**
 * Every provider, one line each, in the order their cache headers are tried by /cdn check. The kinds, the account
 * schema and the lookups below are derived from this list, so a provider is its folder plus this line.
 */
export const PROVIDER_FACTORIES = keyedByKind({
  tencent,
  wangsu,
});

export type ProviderKind = keyof typeof PROVIDER_FACTORIES;

/** Every provider kind cdnops knows, as written in `providers.<id>.kind`. */
export const PROVIDER_KINDS = Object.keys(PROVIDER_FACTORIES) as readonly ProviderKind[];

type AccountSchemas = (typeof PROVIDER_FACTORIES)[ProviderKind]['accountSchema'];

const FACTORIES: readonly ProviderFactory[] = Object.values(PROVIDER_FACTORIES);

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
  return Object.hasOwn(PROVIDER_FACTORIES, kind)
    ? PROVIDER_FACTORIES[kind as ProviderKind].logLinkLifetime
    : undefined;
}

/** Builds one provider per configured account, keyed by account id. */
export function createProviders(
  accounts: Readonly<Record<string, AccountConfig>>,
  deps: ProviderDeps,
): Map<string, CdnProvider> {
  const providers = new Map<string, CdnProvider>();
  for (const [accountId, account] of Object.entries(accounts)) {
    const factory: ProviderFactory = PROVIDER_FACTORIES[account.kind];
    providers.set(accountId, factory.create(accountId, account, deps));
  }
  return providers;
}

/** Makes a factory filed under another kind's name a compile error, not a config that builds the wrong provider. */
function keyedByKind<F extends { readonly [K in keyof F]: ProviderFactory & { readonly kind: K } }>(
  factories: F,
): F {
  return factories;
}
