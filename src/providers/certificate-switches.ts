/**
 * Certificate switches made through cdnops, counted per provider object (one account of one process), so a cache
 * of an account's certificates can tell that what it holds may be out of date without the floor that makes
 * changes knowing about the floor that caches. Per process only: a switch made by another replica, or in the
 * provider console, is seen when the cache's own time runs out.
 */
import type { CdnProvider } from './types.ts';

const switches = new WeakMap<CdnProvider, number>();

/** Record that the account's certificates changed, e.g. after a domain was switched to another certificate. */
export function noteCertificateSwitch(provider: CdnProvider): void {
  switches.set(provider, certificateSwitches(provider) + 1);
}

/** How many switches were noted for the account so far: a cache read under an older count is out of date. */
export function certificateSwitches(provider: CdnProvider): number {
  return switches.get(provider) ?? 0;
}
