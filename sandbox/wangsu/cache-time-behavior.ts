import { z } from 'zod';
import {
  FlagLike,
  IntegerLike,
  invalidParameter,
  isFilled,
  MATCHER_SHAPE,
  validateMatchers,
} from './rule-matchers.ts';

/**
 * One cache-time group as `GET/PUT /api/config/cachetime/{domain}` carries it (reference §2.6, Python SDK
 * QueryCacheTime/EditCacheTimeConfig models). `cache-ttl` is an integer with an optional unit (`20s`, `30m`, `1h`,
 * `2d`; none means seconds, `0` means do not cache); a JSON number is kept as its string.
 */
export const CacheTimeBehavior = z.strictObject({
  'data-id': IntegerLike.optional(),
  ...MATCHER_SHAPE,
  'cache-ttl': z.union([z.string(), z.int().min(0).transform(String)]).optional(),
  'ignore-cache-control': FlagLike.optional(),
  'is-respect-server': FlagLike.optional(),
  /** Default `"true"`. */
  'ignore-letter-case': FlagLike.optional(),
  'ignore-authentication-header': FlagLike.optional(),
  'reload-manage': z.string().optional(),
  priority: IntegerLike.optional(),
  'request-header-field': z.string().optional(),
  'value-request-header': z.string().optional(),
});
export type CacheTimeBehavior = z.infer<typeof CacheTimeBehavior>;

const FLAGS = [
  'ignore-cache-control',
  'is-respect-server',
  'ignore-letter-case',
  'ignore-authentication-header',
] as const;

/** What a group gets when added without these fields: the documented defaults. */
export function cacheTimeDefaults(behavior: CacheTimeBehavior): CacheTimeBehavior {
  return {
    ...behavior,
    'ignore-letter-case': behavior['ignore-letter-case'] ?? 'true',
    priority: behavior.priority ?? 10,
  };
}

/** Constraints on one whole group (after a data-id update is merged into it). */
export function validateCacheTimeBehavior(behavior: CacheTimeBehavior, where: string): void {
  validateMatchers(behavior, where);
  const ttl = behavior['cache-ttl'];
  if (!isFilled(ttl) || !/^\d+[smhd]?$/.test(ttl)) {
    throw invalidParameter(
      where,
      `cache-ttl must be an integer with an optional unit s|m|h|d, got "${ttl ?? ''}"`,
    );
  }
  for (const name of FLAGS) {
    const value = behavior[name];
    if (isFilled(value) && value !== 'true' && value !== 'false') {
      throw invalidParameter(where, `${name} must be "true" or "false", got "${value}"`);
    }
  }
  const reload = behavior['reload-manage'];
  if (isFilled(reload) && reload !== 'ignore' && reload !== 'if-modified-since') {
    throw invalidParameter(where, `reload-manage must be ignore or if-modified-since, got "${reload}"`);
  }
}
