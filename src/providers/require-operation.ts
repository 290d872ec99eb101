import { UnsupportedError } from '../errors.ts';
import type { CdnProvider, OptionalOperation } from './types.ts';

/** Returns the operation bound to its provider, or throws a reply-ready "not supported" error. */
export function requireOperation<K extends OptionalOperation>(
  provider: CdnProvider,
  operation: K,
  what: string,
): NonNullable<CdnProvider[K]> {
  const method = provider[operation];
  if (typeof method !== 'function') {
    throw new UnsupportedError(
      `${what} is not supported on ${provider.kind} accounts (account ${provider.accountId}).`,
    );
  }
  return method.bind(provider) as NonNullable<CdnProvider[K]>;
}
