import type { Dispatcher } from 'undici';
import type * as z from 'zod';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { BudgetRepository } from '../store/store.ts';
import type { CacheStatusReader } from './cache-status.ts';
import type { CdnProvider } from './types.ts';

/** What a provider needs from the outside world; passed in so tests run against sandboxes on a manual clock. */
export interface ProviderDeps {
  clock: Clock;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number | undefined;
  random?: (() => number) | undefined;
  /** The store's shared request budgets, so replicas together stay within each provider's rate limit. */
  budgets?: BudgetRepository | undefined;
  /** Counts and times each API call; absent (tests, the command line): nothing recorded. */
  metrics?: Metrics | undefined;
}

/**
 * An account schema the registry can join into the `providers.<id>` union: an object whose `kind` is a literal.
 * `kind` is a plain string here because the list of kinds is derived from the registry, which imports every
 * provider; naming it here would make each provider depend on the list it is part of.
 */
export type AccountSchema = z.ZodType<{ kind: string }> & z.core.$ZodTypeDiscriminable;

/** The members of a provider that answer synchronously, so cdnops can use them before the implementation loads. */
export type SyncMember = 'configFields' | 'checkOrigin' | 'trafficLimits' | 'ipDenyLimit';

/** The operations a provider answers with a promise: the lazy stand-in forwards them to the loaded implementation. */
export type AsyncOperation = Exclude<keyof CdnProvider, SyncMember | 'kind' | 'accountId'>;

/**
 * What cdnops knows about a kind without loading its client, operations and response schemas: enough to validate
 * the config, advise on its error codes, read its cache headers and refuse unsupported requests before anyone
 * confirms. Exported by `src/providers/<kind>/profile.ts`, which must stay free of the client and its zod schemas.
 */
export interface ProviderProfile<S extends AccountSchema = AccountSchema> {
  readonly kind: z.output<S>['kind'];
  readonly accountSchema: S;
  /** Advice for one of the provider's error codes, shown under its message; undefined for codes it has none for. */
  hint(code: string): string | undefined;
  /** Reads the provider's own cache headers for /cdn check; undefined when the response carries none of them. */
  readonly readCacheStatus: CacheStatusReader;
  /** How long the provider's log download links work, as told to users; absent where the provider does not say. */
  readonly logLinkLifetime?: string;
  /** Which operations the implementation has: whether one is present decides "not supported" replies up front. */
  readonly operations: readonly AsyncOperation[];
  /** The implementation's synchronous members for one account, the same values `create` gives it. */
  syncMembers(accountId: string): Pick<CdnProvider, SyncMember>;
}

/**
 * A provider's implementation, exported by `src/providers/<kind>/index.ts` and loaded on the first call to one of
 * its accounts.
 */
export interface ProviderFactory<S extends AccountSchema = AccountSchema> extends ProviderProfile<S> {
  create(accountId: string, account: z.output<S>, deps: ProviderDeps): CdnProvider;
}

/** One line of the provider registry: the profile, and how to load the implementation when it is first needed. */
export interface ProviderEntry<S extends AccountSchema = AccountSchema> extends ProviderProfile<S> {
  load(): Promise<ProviderFactory<S>>;
}
