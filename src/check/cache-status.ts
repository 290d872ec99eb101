/**
 * What a response says about the cache that served it, from whichever provider's headers are present. Tencent and
 * Wangsu are tried first because they are the providers cdnops runs; the generic headers cover anything else put
 * in front (a test proxy, another CDN layer).
 */
export interface CacheStatus {
  /** Normalized: `HIT (MemCache)`, `HIT`, `MISS`, `BYPASS`, `likely HIT` (only Age suggests it), or as sent. */
  cacheStatus?: string;
  /** The header line the status was read from, as sent (first hop only for X-Via). */
  cacheHeader?: string;
}

type HeaderLookup = (name: string) => string | undefined;

export function readCacheStatus(header: HeaderLookup, age: number | undefined): CacheStatus {
  return (
    fromTencent(header('x-cache-lookup')) ??
    fromWangsu(header('x-via'), header('x-cache'), age) ??
    fromXCache(header('x-cache')) ??
    fromCacheStatus(header('cache-status')) ??
    fromAge(age) ??
    fromVia(header('via'))
  );
}

/** `Hit From MemCache`, `Hit From Disktank`, `Hit From Upstream`, `Cache Miss`, `Return Directly` (not cached). */
function fromTencent(value: string | undefined): CacheStatus | undefined {
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

/**
 * Wangsu lists every cache the request passed in X-Via, nearest first: `1.1 PS-CTU-01abc:7 (Cdn Cache Server
 * V2.0), 1.1 zj-x:3 (Cdn Cache Server V2.0)`. The hop format carries no documented hit flag, so an explicit
 * `hit`/`miss` word in the first hop is believed, and otherwise a positive Age (the object sat in a cache) is
 * taken as a hint of a hit, never as proof.
 */
function fromWangsu(
  value: string | undefined,
  xCache: string | undefined,
  age: number | undefined,
): CacheStatus | undefined {
  if (value === undefined) return undefined;
  const firstHop = firstListItem(value);
  const cacheHeader = `X-Via: ${firstHop}`;
  if (/\bhit\b/i.test(firstHop)) return { cacheStatus: 'HIT', cacheHeader };
  if (/\bmiss\b/i.test(firstHop)) return { cacheStatus: 'MISS', cacheHeader };
  // Wangsu nodes may also send X-Cache (`HIT from PS-…` / `MISS from PS-…`): a plain statement beats Age's hint.
  const stated = fromXCache(xCache)?.cacheStatus;
  if (stated === 'HIT' || stated === 'MISS') return { cacheStatus: stated, cacheHeader };
  if (age !== undefined && age > 0) return { cacheStatus: 'likely HIT', cacheHeader };
  return { cacheHeader };
}

/** `HIT`, `TCP_MEM_HIT from x`, `Hit from cloudfront`, `MISS, HIT` (a hit in any layer means it was cached). */
function fromXCache(value: string | undefined): CacheStatus | undefined {
  if (value === undefined) return undefined;
  const cacheHeader = `X-Cache: ${value}`;
  if (/hit/i.test(value)) return { cacheStatus: 'HIT', cacheHeader };
  if (/miss/i.test(value)) return { cacheStatus: 'MISS', cacheHeader };
  return { cacheStatus: firstListItem(value).toUpperCase(), cacheHeader };
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

/** The first element of a comma-separated header; commas inside a comment `( … )` do not separate. */
function firstListItem(value: string): string {
  let depth = 0;
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) return value.slice(0, index).trim();
  }
  return value.trim();
}
