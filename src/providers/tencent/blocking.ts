/**
 * Tencent's side of `/cdn block` and `/cdn unblock`: the whole-domain blacklist in `IpFilter` (`FilterType` +
 * `Filters`) and the all-paths blacklist rule of `UserAgentFilter`, each rebuilt whole from what
 * DescribeDomainsConfig returned (UpdateDomainConfig resets what an object leaves out). Path rules (`FilterRules`)
 * and every other field are sent back as read. A whitelist in force is never switched to a blacklist: that would
 * open the domain to everyone the whitelist kept out, so it is refused by name.
 */
import { UsageError } from '../../errors.ts';
import type { BlockChange } from '../types.ts';

type Json = Record<string, unknown>;

/**
 * "最多可填充 200 个白名单或 500 个黑名单" (IpFilter.Filters, tencentcloud-sdk cdn_models, 2024+): IPv4 or IPv6
 * addresses and /X networks, at most 500 blacklist entries.
 */
export const TENCENT_IP_DENY_LIMIT = 500;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];

function merged(list: string[], change: BlockChange, what: string, domain: string): string[] {
  if (change.action === 'block') return [...list, ...change.values.filter((value) => !list.includes(value))];
  const missing = change.values.filter((value) => !list.includes(value));
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.map((value) => `\`${value}\``).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the ${what} deny list of ${domain}.`,
      '`/cdn access` shows what is blocked.',
    );
  }
  return list.filter((value) => !change.values.includes(value));
}

export function ipFilterObject(read: Json | null | undefined, change: BlockChange, domain: string): Json {
  const on = read?.Switch === 'on';
  const filterRules = Array.isArray(read?.FilterRules) ? read.FilterRules : [];
  if (on && read?.FilterType === 'whitelist' && strings(read.Filters).length > 0) {
    throw new UsageError(
      `${domain} has an IP allow list (whitelist) in force: only the listed IPs get through, so there is nothing to block; a deny list cannot be added beside it.`,
      'Change the allow list in the Tencent Cloud console, or use `/cdn access` to see it.',
    );
  }
  if (!on && filterRules.length > 0) {
    throw new UsageError(
      `${domain} has IP filter path rules that are switched off; turning the filter on to block would enforce them too.`,
      'Review them with `/cdn access` and in the Tencent Cloud console first.',
    );
  }
  const current = on && read?.FilterType === 'blacklist' ? strings(read.Filters) : [];
  const filters = merged(current, change, 'IP', domain);
  if (filters.length > TENCENT_IP_DENY_LIMIT) {
    throw new UsageError(
      `${domain} would have ${filters.length} blocked IPs and networks; Tencent allows at most ${TENCENT_IP_DENY_LIMIT}.`,
    );
  }
  if (filters.length === 0 && filterRules.length === 0) return { ...read, Switch: 'off', Filters: [] };
  return { ...read, Switch: 'on', FilterType: 'blacklist', Filters: filters, FilterRules: filterRules };
}

function isWholeDomain(rule: Json): boolean {
  return rule.RuleType === 'all';
}

export function userAgentFilterObject(
  read: Json | null | undefined,
  change: BlockChange,
  domain: string,
): Json {
  const on = read?.Switch === 'on';
  const rules = (Array.isArray(read?.FilterRules) ? read.FilterRules : []) as Json[];
  if (on && rules.some((rule) => isWholeDomain(rule) && rule.FilterType === 'whitelist')) {
    throw new UsageError(
      `${domain} has a user-agent allow list (whitelist) for all paths in force: only the listed clients get through, so a deny list cannot be added beside it.`,
      'Change the allow list in the Tencent Cloud console, or use `/cdn access` to see it.',
    );
  }
  if (!on && rules.length > 0) {
    throw new UsageError(
      `${domain} has user-agent filter rules that are switched off; turning the filter on to block would enforce them too.`,
      'Review them with `/cdn access` and in the Tencent Cloud console first.',
    );
  }
  const index = rules.findIndex((rule) => isWholeDomain(rule) && rule.FilterType === 'blacklist');
  const agents = merged(index >= 0 ? strings(rules[index]!.UserAgents) : [], change, 'user-agent', domain);
  const others = rules.filter((_, at) => at !== index);
  const kept =
    agents.length === 0
      ? others
      : index >= 0
        ? rules.map((rule, at) => (at === index ? { ...rule, UserAgents: agents } : rule))
        : [...rules, { RuleType: 'all', RulePaths: ['*'], FilterType: 'blacklist', UserAgents: agents }];
  return { ...read, Switch: kept.length > 0 ? 'on' : 'off', FilterRules: kept };
}
