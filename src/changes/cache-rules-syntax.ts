/**
 * The cache-rule syntax of `/cdn cache <domain> set`, in one import: read it, show it, compare two rule lists.
 * Each lives in its own file; this module only gathers them.
 */
export type { CacheRulesDiff } from './diff-cache-rules.ts';
export { diffCacheRules } from './diff-cache-rules.ts';
export { formatCacheRules } from './format-cache-rules.ts';
export { parseCacheRules } from './parse-cache-rules.ts';
