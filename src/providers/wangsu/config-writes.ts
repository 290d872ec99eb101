/**
 * Wangsu's side of `updateDomainConfig`: cache rules go to /api/config/cachetime, referer to the visit-control
 * groups. Both are read first and written back whole, so settings cdnops does not model survive.
 */
import { UnsupportedError } from '../../errors.ts';
import type { CacheRule, RefererSetting } from '../types.ts';
import { toCacheRule } from './map.ts';
import type { CacheTimeBehavior, VisitControlRule } from './schema.ts';

const MATCHER_KEYS = [
  'custom-pattern',
  'file-type',
  'custom-file-type',
  'directory',
  'specify-url-pattern',
  'path-pattern',
];

function ruleKey(rule: CacheRule): string {
  return `${rule.type}:${[...rule.contents].sort().join(',')}`;
}

function matcherFor(rule: CacheRule): Record<string, string> {
  switch (rule.type) {
    case 'all':
      return { 'custom-pattern': 'all' };
    case 'file':
      return { 'file-type': rule.contents.join(';') };
    case 'directory':
      return { directory: rule.contents.map((dir) => (dir.endsWith('/') ? dir : `${dir}/`)).join(';') };
    case 'path':
      return { 'specify-url-pattern': rule.contents[0] ?? '/' };
    case 'index':
      return { 'custom-pattern': 'homepage' };
    default:
      return { 'path-pattern': rule.contents[0] ?? '.*' };
  }
}

/**
 * The new cache-time list: one group per rule, keeping every other setting (ignore-cache-control, …) of the
 * existing group that matched the same files. No data-id is sent, so Wangsu replaces the list as a whole.
 */
export function cacheTimeBody(existing: CacheTimeBehavior[], rules: CacheRule[]): Record<string, unknown>[] {
  const byKey = new Map(existing.map((behavior) => [ruleKey(toCacheRule(behavior)), behavior]));
  return rules.map((rule) => {
    const kept = { ...(byKey.get(ruleKey(rule)) ?? {}) } as Record<string, unknown>;
    delete kept['data-id'];
    for (const key of MATCHER_KEYS) delete kept[key];
    return { ...kept, ...matcherFor(rule), 'cache-ttl': String(rule.seconds) };
  });
}

function coversEverything(rule: VisitControlRule): boolean {
  return rule['custom-pattern'] === 'all' || rule['path-pattern'] === '.*';
}

/** The visit-control groups after setting the whole-domain referer rule; other groups and rule kinds stay. */
export function withReferer(rules: VisitControlRule[], setting: RefererSetting): VisitControlRule[] {
  const index = rules.findIndex((rule) => coversEverything(rule) && rule['referer-control-rule'] != null);
  const target = index >= 0 ? index : rules.findIndex(coversEverything);
  if (setting.mode === 'off') {
    if (index < 0) return rules;
    const { 'referer-control-rule': _removed, ...rest } = rules[index]!;
    const stillUseful = rest['ip-control-rule'] != null || rest['ua-control-rule'] != null;
    return stillUseful
      ? rules.map((rule, at) => (at === index ? (rest as VisitControlRule) : rule))
      : rules.filter((_, at) => at !== index);
  }
  const referer = {
    'allow-null-referer': setting.allowEmpty ? 'true' : 'false',
    [setting.mode === 'allow' ? 'valid-domain' : 'invalid-domain']: setting.referers.join(';'),
  };
  if (target >= 0) {
    return rules.map((rule, at) => (at === target ? { ...rule, 'referer-control-rule': referer } : rule));
  }
  return [
    ...rules,
    { 'custom-pattern': 'all', 'control-action': '403', 'referer-control-rule': referer } as VisitControlRule,
  ];
}

export function refuseUnsupported(field: string): never {
  throw new UnsupportedError(
    `Changing ${field} is not supported on wangsu accounts by cdnops yet; use the Wangsu console.`,
  );
}
