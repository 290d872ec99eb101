import { type CacheStatus, firstListItem, type HeaderLookup } from '../cache-status.ts';

/**
 * Tencent's X-Cache-Lookup: `Hit From MemCache`, `Hit From Disktank`, `Hit From Upstream`, `Cache Miss`,
 * `Return Directly` (not cached).
 */
export function readTencentCacheStatus(header: HeaderLookup): CacheStatus | undefined {
  const value = header('x-cache-lookup');
  if (value === undefined) return undefined;
  // Several layers may each add a line; the first is the edge that answered.
  const first = firstListItem(value);
  const cacheHeader = `X-Cache-Lookup: ${value}`;
  const hit = /^hit\s+from\s+(\S+)/i.exec(first);
  if (hit) return { cacheStatus: `HIT (${hit[1]})`, cacheHeader };
  if (/hit/i.test(first)) return { cacheStatus: 'HIT', cacheHeader };
  if (/miss/i.test(first)) return { cacheStatus: 'MISS', cacheHeader };
  if (/return\s+directly/i.test(first)) return { cacheStatus: 'BYPASS', cacheHeader };
  return { cacheStatus: first, cacheHeader };
}
