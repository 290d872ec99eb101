import type { ProviderDeps, ProviderEntry } from './provider-factory.ts';
import type { CdnProvider } from './types.ts';

/**
 * An account's provider that loads its kind's implementation (client, operations, response schemas) on its first
 * call, so start-up and idle memory do not pay for providers before they are used. What is answered synchronously
 * (supported fields, origin checks, limits) and which operations exist come from the profile, so "not supported"
 * replies and refusals before Confirm stay as immediate as before.
 */
export function lazyProvider(
  entry: ProviderEntry,
  accountId: string,
  account: { kind: string },
  deps: ProviderDeps,
): CdnProvider {
  let loading: Promise<CdnProvider> | undefined;
  const implementation = (): Promise<CdnProvider> => {
    loading ??= entry.load().then(
      (factory) => factory.create(accountId, account, deps),
      (error: unknown) => {
        // A failed load (a file missing from a broken install) is tried again on the next call, not cached.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const provider: Record<string, unknown> = { kind: entry.kind, accountId, ...entry.syncMembers(accountId) };
  for (const operation of entry.operations) {
    provider[operation] = async (...args: unknown[]) => {
      const loaded = (await implementation()) as unknown as Record<string, (...args: unknown[]) => unknown>;
      const method = loaded[operation];
      if (typeof method !== 'function') {
        throw new Error(`the ${entry.kind} profile lists ${operation}, which its implementation lacks`);
      }
      return method.apply(loaded, args);
    };
  }
  return provider as unknown as CdnProvider;
}
