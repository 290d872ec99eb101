import { UnsupportedError } from '../errors.ts';
import {
  type CdnProvider,
  CONFIG_FIELD_NAMES,
  type ConfigField,
  type DomainConfigChange,
  type OptionalOperation,
} from './types.ts';

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

/**
 * Throws a reply-ready "not supported" error naming every field of `change` the provider's `configFields` lacks,
 * e.g. "Changing the origin Host header and full-URL caching is not supported on wangsu accounts".
 */
export function requireConfigFields(provider: CdnProvider, change: DomainConfigChange): void {
  const supported = new Set<ConfigField>(provider.configFields ?? []);
  const missing = (Object.keys(change) as ConfigField[]).filter(
    (field) => change[field] !== undefined && !supported.has(field),
  );
  if (missing.length === 0) return;
  const names = missing.map((field) => CONFIG_FIELD_NAMES[field]);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  throw new UnsupportedError(
    `Changing ${listed} is not supported on ${provider.kind} accounts (account ${provider.accountId}).`,
  );
}
