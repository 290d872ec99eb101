import type { AccountConfig } from './account-schemas.ts';
import type { ProviderKind } from './kinds.ts';
import type { ProviderDeps, ProviderFactory } from './provider-factory.ts';
import { tencent } from './tencent/index.ts';
import type { CdnProvider } from './types.ts';
import { wangsu } from './wangsu/index.ts';

type FactoryFor<K extends ProviderKind> = ProviderFactory<Extract<AccountConfig, { kind: K }>>;

/** Every provider kind, one line each. A kind missing here is a compile error. */
export const PROVIDER_FACTORIES: { readonly [K in ProviderKind]: FactoryFor<K> } = {
  tencent,
  wangsu,
};

/** Builds one provider per configured account, keyed by account id. */
export function createProviders(
  accounts: Readonly<Record<string, AccountConfig>>,
  deps: ProviderDeps,
): Map<string, CdnProvider> {
  const providers = new Map<string, CdnProvider>();
  for (const [accountId, account] of Object.entries(accounts)) {
    const factory = PROVIDER_FACTORIES[account.kind] as ProviderFactory<AccountConfig>;
    providers.set(accountId, factory.create(accountId, account, deps));
  }
  return providers;
}
