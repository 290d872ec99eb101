import {
  type CacheStatus,
  firstListItem,
  type HeaderLookup,
  statedByXCache,
} from '../providers/cache-status.ts';
import { PROVIDER_CACHE_STATUS_READERS } from '../providers/registry.ts';

/**
 * What a response says about the cache that served it, from whichever provider's headers are present. The
 * registered providers are tried first because they are the providers cdnops runs; the generic headers cover
 * anything else put in front (a test proxy, another CDN layer).
 */
export function readCacheStatus(header: HeaderLookup, age: number | undefined): CacheStatus {
  for (const read of PROVIDER_CACHE_STATUS_READERS) {
    const status = read(header, age);
    if (status !== undefined) return status;
  }
  return (
    fromXCache(header('x-cache')) ??
    fromCacheStatus(header('cache-status')) ??
    fromAge(age) ??
    fromVia(header('via'))
  );
}

/** `HIT`, `TCP_MEM_HIT from x`, `Hit from cloudfront`, `MISS, HIT` (a hit in any layer means it was cached). */
function fromXCache(value: string | undefined): CacheStatus | undefined {
  if (value === undefined) return undefined;
  const cacheHeader = `X-Cache: ${value}`;
  return { cacheStatus: statedByXCache(value) ?? firstListItem(value).toUpperCase(), cacheHeader };
}

/** RFC 9211: `ExampleCDN; hit` or `ExampleCDN; fwd=miss`. */
function fromCacheStatus(value: string | undefined): CacheStatus | undefined {
  if (value === undefined) return undefined;
  const first = firstListItem(value);
  const cacheHeader = `Cache-Status: ${value}`;
  if (/;\s*hit\b/i.test(first)) return { cacheStatus: 'HIT', cacheHeader };
  if (/;\s*fwd=/i.test(first)) return { cacheStatus: 'MISS', cacheHeader };
  return { cacheHeader };
}

function fromAge(age: number | undefined): CacheStatus | undefined {
  if (age === undefined || age <= 0) return undefined;
  return { cacheStatus: 'likely HIT', cacheHeader: `Age: ${age}` };
}

function fromVia(value: string | undefined): CacheStatus {
  return value === undefined ? {} : { cacheHeader: `Via: ${value}` };
}
