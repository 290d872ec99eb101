/**
 * Wangsu's side of `/cdn block` and `/cdn unblock`: the whole-domain visit-control group holding an
 * `ip-control-rule` (`forbidden-ips`, `;`-separated IPs and CIDRs) or a `ua-control-rule` (`invalid-user-agents`, one
 * regex whose alternatives are joined by `|`), reference §2.6. Every other group, rule kind and data-id stays as
 * read; a group that has nothing left once its list is emptied is cleared. `allowed-ips` / `valid-user-agents` in
 * force is refused by name: the seed doc allows only one of the two lists per group, and replacing an allow list
 * with a deny list would open the domain to everyone it kept out.
 */
import { UsageError } from '../../errors.ts';
import type { BlockChange } from '../types.ts';
import { splitAlternatives, splitList } from './map.ts';
import type { VisitControlRule } from './schema.ts';

const RULE_KEYS = [
  'ip-control-rule',
  'referer-control-rule',
  'ua-control-rule',
  'advance-control-rules',
  'cookie-control-rules',
  'custom-header-control-rules',
];

function coversEverything(rule: VisitControlRule): boolean {
  return (
    (rule['custom-pattern'] === 'all' || rule['path-pattern'] === '.*') &&
    !rule['except-path-pattern'] &&
    !rule['except-file-type'] &&
    !rule['except-custom-file-type'] &&
    !rule['except-directory']
  );
}

const KINDS = {
  ip: {
    rule: 'ip-control-rule',
    deny: 'forbidden-ips',
    allow: 'allowed-ips',
    read: (value: unknown) => splitList(typeof value === 'string' ? value : undefined),
    write: (values: string[]) => values.join(';'),
    what: 'IP',
  },
  ua: {
    rule: 'ua-control-rule',
    deny: 'invalid-user-agents',
    allow: 'valid-user-agents',
    read: (value: unknown) => splitAlternatives(typeof value === 'string' ? value : undefined),
    write: (values: string[]) => values.join('|'),
    what: 'user-agent',
  },
} as const;

function filled(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value != null;
}

/** The visit-control groups after the change; throws UsageError for an allow list in force or a value not blocked. */
export function withBlock(
  rules: VisitControlRule[],
  change: BlockChange,
  domain: string,
): VisitControlRule[] {
  const kind = KINDS[change.kind];
  const holders = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => coversEverything(rule) && rule[kind.rule] != null);
  const allowing = holders.find(({ rule }) =>
    filled((rule[kind.rule] as Record<string, unknown>)[kind.allow]),
  );
  if (allowing) {
    throw new UsageError(
      `${domain} has a whole-domain ${kind.what} allow list (${kind.allow}) in force: only the listed clients get through, and Wangsu takes one list per group, so a deny list is not added beside it.`,
      'Change the allow list in the Wangsu console, or see it with `/cdn access`.',
    );
  }
  const target = holders[0];
  const current = target ? kind.read((target.rule[kind.rule] as Record<string, unknown>)[kind.deny]) : [];
  let next: string[];
  if (change.action === 'block') {
    next = [...current, ...change.values.filter((value) => !current.includes(value))];
  } else {
    const missing = change.values.filter((value) => !current.includes(value));
    if (missing.length > 0) {
      throw new UsageError(
        `${missing.map((value) => `\`${value}\``).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the ${kind.what} deny list of ${domain}.`,
        '`/cdn access` shows what is blocked.',
      );
    }
    next = current.filter((value) => !change.values.includes(value));
  }
  if (!target) {
    if (next.length === 0) return rules;
    return [
      ...rules,
      {
        'custom-pattern': 'all',
        'control-action': '403',
        [kind.rule]: { [kind.deny]: kind.write(next) },
      } as VisitControlRule,
    ];
  }
  if (next.length > 0) {
    return rules.map((rule, at) =>
      at === target.index
        ? { ...rule, [kind.rule]: { ...(rule[kind.rule] as object), [kind.deny]: kind.write(next) } }
        : rule,
    );
  }
  const { [kind.rule]: _emptied, ...rest } = target.rule;
  const stillUseful = RULE_KEYS.some((key) => key !== kind.rule && rest[key] != null);
  return stillUseful
    ? rules.map((rule, at) => (at === target.index ? (rest as VisitControlRule) : rule))
    : rules.filter((_, at) => at !== target.index);
}
