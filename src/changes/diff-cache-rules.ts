import type { CacheRule } from '../providers/types.ts';

export interface CacheRulesDiff {
  /** Keys only `after` has, in `after`'s order. */
  added: CacheRule[];
  /** Keys only `before` has, in `before`'s order. */
  removed: CacheRule[];
  /** Keys in both whose time changed, in `after`'s order. */
  changed: { before: CacheRule; after: CacheRule }[];
  /** Keys in both with the same time, in `after`'s order. */
  unchanged: CacheRule[];
}

/**
 * Compares two rule lists for the before → after preview of `/cdn cache <domain> set`. Rules are matched by type
 * and contents (order of contents ignored, `/www/html/` and `/www/html` the same directory), so reordering alone
 * shows as unchanged. A key listed twice on one side is matched pairwise, in order.
 */
export function diffCacheRules(before: readonly CacheRule[], after: readonly CacheRule[]): CacheRulesDiff {
  const waiting = new Map<string, number[]>();
  before.forEach((rule, index) => {
    const key = keyOf(rule);
    waiting.set(key, [...(waiting.get(key) ?? []), index]);
  });
  const matched = new Set<number>();
  const diff: CacheRulesDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const rule of after) {
    const index = waiting.get(keyOf(rule))?.shift();
    if (index === undefined) {
      diff.added.push(rule);
      continue;
    }
    matched.add(index);
    const earlier = before[index]!;
    if (earlier.seconds === rule.seconds) diff.unchanged.push(rule);
    else diff.changed.push({ before: earlier, after: rule });
  }
  diff.removed = before.filter((_, index) => !matched.has(index));
  return diff;
}

/** Type plus sorted contents, with the spellings providers and users vary on made the same. */
function keyOf(rule: CacheRule): string {
  const contents = rule.contents.map((item) => {
    if (rule.type === 'file') return item.replace(/^\./, '');
    if (rule.type === 'directory' && item.length > 1) return item.replace(/\/+$/, '');
    return item;
  });
  return JSON.stringify([rule.type, contents.sort()]);
}
