import type { Representation } from '../origin/write-representation.ts';

/** A copy an edge holds, and when it fetched it (clock ms). */
export interface CachedCopy {
  representation: Representation;
  fetchedAt: number;
}

/**
 * One edge's cache. Keys are host (lower-case, no port) + path + query, as a CDN keeps the full URL by default.
 * A copy never expires by age: it is served until a purge completed after it was fetched.
 */
export class EdgeCache {
  private readonly copies = new Map<string, CachedCopy>();

  /** The copy still servable given the latest completed purge covering it, else `undefined`. */
  lookup(key: string, purgedAt: number | undefined): CachedCopy | undefined {
    const copy = this.copies.get(key);
    if (!copy || (purgedAt !== undefined && purgedAt > copy.fetchedAt)) return undefined;
    return copy;
  }

  store(key: string, copy: CachedCopy): void {
    this.copies.set(key, copy);
  }

  forget(key: string): void {
    this.copies.delete(key);
  }
}
