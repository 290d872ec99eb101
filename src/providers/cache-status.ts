/**
 * What a provider's own response headers say about the cache that served a response. Lives here, below check/, so
 * each provider folder can carry the parser for its headers and /cdn check can ask every registered provider.
 */
export interface CacheStatus {
  /** Normalized: `HIT (MemCache)`, `HIT`, `MISS`, `BYPASS`, `likely HIT` (only Age suggests it), or as sent. */
  cacheStatus?: string;
  /** The header line the status was read from, as sent (first hop only for X-Via). */
  cacheHeader?: string;
}

/** A response header by its lower-case name; undefined when the response did not send it. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * A provider's parser: undefined when the response carries none of the provider's headers, so the next provider
 * (and finally the generic headers) can have a go.
 */
export type CacheStatusReader = (header: HeaderLookup, age: number | undefined) => CacheStatus | undefined;

/**
 * What an X-Cache value states outright: `HIT`, `TCP_MEM_HIT from x`, `MISS, HIT` (a hit in any layer means it
 * was cached). Shared because Wangsu nodes send X-Cache next to X-Via and the generic X-Cache parser reads it alike.
 */
export function statedByXCache(value: string): 'HIT' | 'MISS' | undefined {
  if (/hit/i.test(value)) return 'HIT';
  if (/miss/i.test(value)) return 'MISS';
  return undefined;
}

/** The first element of a comma-separated header; commas inside a comment `( … )` do not separate. */
export function firstListItem(value: string): string {
  let depth = 0;
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) return value.slice(0, index).trim();
  }
  return value.trim();
}
