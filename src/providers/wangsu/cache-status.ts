import { type CacheStatus, firstListItem, type HeaderLookup, statedByXCache } from '../cache-status.ts';

/**
 * Wangsu lists every cache the request passed in X-Via, nearest first: `1.1 PS-CTU-01abc:7 (Cdn Cache Server
 * V2.0), 1.1 zj-x:3 (Cdn Cache Server V2.0)`. The hop format carries no documented hit flag, so an explicit
 * `hit`/`miss` word in the first hop is believed, and otherwise a positive Age (the object sat in a cache) is
 * taken as a hint of a hit, never as proof.
 */
export function readWangsuCacheStatus(
  header: HeaderLookup,
  age: number | undefined,
): CacheStatus | undefined {
  const value = header('x-via');
  if (value === undefined) return undefined;
  const firstHop = firstListItem(value);
  const cacheHeader = `X-Via: ${firstHop}`;
  if (/\bhit\b/i.test(firstHop)) return { cacheStatus: 'HIT', cacheHeader };
  if (/\bmiss\b/i.test(firstHop)) return { cacheStatus: 'MISS', cacheHeader };
  // Wangsu nodes may also send X-Cache (`HIT from PS-…` / `MISS from PS-…`): a plain statement beats Age's hint.
  const xCache = header('x-cache');
  const stated = xCache === undefined ? undefined : statedByXCache(xCache);
  if (stated) return { cacheStatus: stated, cacheHeader };
  if (age !== undefined && age > 0) return { cacheStatus: 'likely HIT', cacheHeader };
  return { cacheHeader };
}
