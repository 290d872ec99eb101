import type { CacheRule } from '../providers/types.ts';
import { formatSeconds } from './format-duration.ts';

/** What a rule's contents are, after them, by type; `all` and `file` need no label. */
const LABELS: Readonly<Record<string, readonly [one: string, several: string]>> = {
  directory: ['directory', 'directories'],
  path: ['path', 'paths'],
  index: ['home page', 'home page'],
  pattern: ['pattern', 'patterns'],
};

/**
 * One line per rule, in order, in the words of the key=time form parseCacheRules reads:
 * `all → 30d`, `.jpg .js → 1h`, `/www/html (directory) → 50m`, `/a/b.html (path) → no cache`,
 * `/ (home page) → 10m`. A type cdnops does not know is shown by name, `/x (regex) → 1h`, rather than hidden.
 */
export function formatCacheRules(rules: readonly CacheRule[]): string[] {
  return rules.map(
    (rule) => `${describeKey(rule)} → ${rule.seconds === 0 ? 'no cache' : formatSeconds(rule.seconds)}`,
  );
}

function describeKey(rule: CacheRule): string {
  if (rule.type === 'all') return 'all';
  if (rule.type === 'file') {
    return rule.contents.map((suffix) => (suffix.startsWith('.') ? suffix : `.${suffix}`)).join(' ');
  }
  const label = LABELS[rule.type];
  const contents = rule.contents.join(' ');
  if (label === undefined) return `${contents} (${rule.type})`;
  return `${contents} (${rule.contents.length === 1 ? label[0] : label[1]})`;
}
