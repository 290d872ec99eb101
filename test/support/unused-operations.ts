import type { CdnProvider } from '../../src/providers/types.ts';

type CoreOperations = Pick<
  CdnProvider,
  'describeDomains' | 'getQuota' | 'purgeUrls' | 'purgeDirs' | 'prefetchUrls' | 'purgeTasks'
>;

/** The operations every provider has, for a fake whose test must never reach them: each rejects, saying `why`. */
export function unusedOperations(why: string): CoreOperations {
  const unused = () => Promise.reject(new Error(why));
  return {
    describeDomains: unused,
    getQuota: unused,
    purgeUrls: unused,
    purgeDirs: unused,
    prefetchUrls: unused,
    purgeTasks: unused,
  };
}
