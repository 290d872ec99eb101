import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BudgetRepository } from '../store/store.ts';
import type { ProviderKind } from './kinds.ts';
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
}

/** One entry of the provider registry: the account schema of its kind and how to build a provider from it. */
export interface ProviderFactory<A extends { kind: ProviderKind }> {
  readonly kind: A['kind'];
  readonly accountSchema: z.ZodType<A>;
  create(accountId: string, account: A, deps: ProviderDeps): CdnProvider;
}
