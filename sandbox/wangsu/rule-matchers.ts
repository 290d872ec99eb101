import { z } from 'zod';
import { type ApiError, classicError } from './api-error.ts';

/**
 * The matcher fields visit-control and cache-time groups share (the seed doc's table). Values are plain strings;
 * lists inside them are separated by `;`.
 */
export const MATCHER_SHAPE = {
  'path-pattern': z.string().optional(),
  'except-path-pattern': z.string().optional(),
  'custom-pattern': z.string().optional(),
  'file-type': z.string().optional(),
  'custom-file-type': z.string().optional(),
  'specify-url-pattern': z.string().optional(),
  directory: z.string().optional(),
  'except-file-type': z.string().optional(),
  'except-custom-file-type': z.string().optional(),
  'except-directory': z.string().optional(),
};

/** Integers arrive as JSON numbers from most clients, as digit strings from XML-minded ones. */
export const IntegerLike = z.union([z.int().min(0), z.string().regex(/^\d+$/).transform(Number)]);

/** `"true"`/`"false"` on the wire; a JSON boolean is accepted and kept as its string. */
export const FlagLike = z.union([z.boolean().transform(String), z.string()]);

type Matchers = { [K in keyof typeof MATCHER_SHAPE]?: string | undefined };

/** The fields that say where a group applies; a group with none of them would match nothing. */
const POSITIVE_MATCHERS = [
  'path-pattern',
  'custom-pattern',
  'file-type',
  'custom-file-type',
  'specify-url-pattern',
  'directory',
] as const;

/** Present and not blank: the API treats `""` as "not set". */
export function isFilled(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** 400 `InvalidParameter`, prefixed with where in the body the problem is, e.g. `visit-control-rules[1]`. */
export function invalidParameter(where: string, message: string): ApiError {
  return classicError(400, 'InvalidParameter', `${where}: ${message}`);
}

/** The seed doc's rules for matchers: something to match, `all` alone, and no scheme in specify-url-pattern. */
export function validateMatchers(group: Matchers, where: string): void {
  if (!POSITIVE_MATCHERS.some((name) => isFilled(group[name]))) {
    throw invalidParameter(
      where,
      `set at least one of ${POSITIVE_MATCHERS.join(', ')} (use path-pattern ".*" for every URL)`,
    );
  }
  const customPattern = group['custom-pattern'];
  if (isFilled(customPattern) && customPattern !== 'all' && customPattern !== 'homepage') {
    throw invalidParameter(where, `custom-pattern must be all or homepage, got "${customPattern}"`);
  }
  for (const name of ['file-type', 'except-file-type'] as const) {
    const types = (group[name] ?? '').split(';').filter((type) => type.trim() !== '');
    if (types.includes('all') && types.length > 1) {
      throw invalidParameter(where, `${name} "all" cannot be combined with specific file types`);
    }
  }
  if (/^https?:\/\//i.test(group['specify-url-pattern'] ?? '')) {
    throw invalidParameter(where, 'specify-url-pattern must not start with http:// or https://');
  }
}
