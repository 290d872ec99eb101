/**
 * Where a domain counts as back under a rule's threshold: the hysteresis that keeps an alert from resolving on the
 * first interval a figure dips under the threshold. Shared by the resolution (evaluate-watch.ts) and the screening
 * that skips exact counts which cannot matter (measure-watch.ts), so that a skipped count is always one that would
 * have read as clear.
 */
import type { WatchCondition } from '../config/watch-condition.ts';

/** Below this share of the threshold (or above its inverse, for `<` rules) a domain counts as recovered. */
export const CLEAR_FACTOR = 0.8;

/**
 * Whether a `>` rule's figure known only from above (`atMost`) is certainly clear: under the clearing level, so it
 * neither matches nor keeps a firing alert from resolving. A `<` rule learns nothing from an upper bound.
 */
export function provablyClear(
  condition: Extract<WatchCondition, { threshold: number }>,
  atMost: number,
): boolean {
  return condition.op === '>' && atMost < CLEAR_FACTOR * condition.threshold;
}
