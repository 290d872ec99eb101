import { UsageError } from '../errors.ts';
import type { AccessRule, BlockChange } from '../providers/types.ts';

/** Rules that cover the whole domain with no exceptions: where `/cdn block` adds and `/cdn unblock` takes. */
function wholeDomain(rules: readonly AccessRule[]): AccessRule[] {
  return rules.filter(
    (rule) =>
      rule.except.length === 0 &&
      rule.appliesTo.length === 1 &&
      /^all (files|requests)$/.test(rule.appliesTo[0]!),
  );
}

const WHAT = { ip: 'IP', ua: 'user-agent' } as const;

/**
 * The whole-domain deny list before and after a block or unblock, read from the visit-control rules as `/cdn
 * access` shows them. Refused up front, by name: an allow list for the whole domain in force (blocking beside it
 * is meaningless and switching it to a deny list would open the domain), unblocking what is not blocked, and a list
 * longer than the provider takes.
 */
export function planBlock(
  rules: readonly AccessRule[],
  change: BlockChange,
  domain: string,
  limit: number | undefined,
): { before: string[]; after: string[] } {
  const lists = wholeDomain(rules).map((rule) => (change.kind === 'ip' ? rule.ip : rule.userAgent));
  if (lists.some((list) => list && list.allow.length > 0)) {
    throw new UsageError(
      `\`${domain}\` has a whole-domain ${WHAT[change.kind]} allow list (whitelist) in force: only the listed clients get through, so nothing was changed.`,
      'Blocking beside an allow list is not possible; `/cdn access` shows it, the provider console changes it.',
    );
  }
  const before = lists.find((list) => list && list.deny.length > 0)?.deny ?? [];
  if (change.action === 'block') {
    const already = change.values.filter((value) => before.includes(value));
    if (already.length === change.values.length) {
      throw new UsageError(
        `${already.map((value) => `\`${value}\``).join(', ')} ${already.length === 1 ? 'is' : 'are'} already blocked on \`${domain}\`.`,
      );
    }
    const after = [...before, ...change.values.filter((value) => !before.includes(value))];
    if (limit !== undefined && change.kind === 'ip' && after.length > limit) {
      throw new UsageError(
        `\`${domain}\` would have ${after.length} blocked IPs and networks; the provider takes at most ${limit}.`,
        'Block a wider network instead of many single addresses, or unblock some first.',
      );
    }
    return { before, after };
  }
  const missing = change.values.filter((value) => !before.includes(value));
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.map((value) => `\`${value}\``).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not blocked on \`${domain}\`.`,
      `Blocked now: ${before.length > 0 ? before.map((value) => `\`${value}\``).join(' ') : 'nothing'}.`,
    );
  }
  return { before, after: before.filter((value) => !change.values.includes(value)) };
}
