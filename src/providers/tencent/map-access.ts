/** Tencent's Referer, IpFilter and UserAgentFilter as the shared visit-control rules that `/cdn access` shows. */
import type { AccessRule } from '../types.ts';
import type { DetailDomain } from './schema.ts';

const FORBIDDEN: AccessRule['action'] = { kind: 'status', status: 403 };

/** Where a Tencent rule applies: RuleType all/file/directory/path/index with its RulePaths. */
export function describeRuleScope(ruleType: string, paths: readonly string[] | null | undefined): string {
  const list = (paths ?? []).join(' ');
  switch (ruleType) {
    case 'all':
      return 'all files';
    case 'file':
      return `file types ${list}`;
    case 'directory':
      return `directories ${list}`;
    case 'path':
      return `paths ${list}`;
    case 'index':
      return 'home page';
    default:
      return `${ruleType} ${list}`.trim();
  }
}

function rule(partial: Partial<AccessRule> & Pick<AccessRule, 'appliesTo'>): AccessRule {
  return {
    id: undefined,
    except: [],
    ip: undefined,
    referer: undefined,
    userAgent: undefined,
    action: FORBIDDEN,
    priority: undefined,
    ...partial,
  };
}

export function toAccessRules(domain: DetailDomain): AccessRule[] {
  const rules: AccessRule[] = [];
  if (domain.Referer?.Switch === 'on') {
    for (const referer of domain.Referer.RefererRules ?? []) {
      const whitelist = referer.RefererType === 'whitelist';
      // AllowEmpty flips meaning: on a whitelist true lets empty referers in, on a blacklist true shuts them out.
      const allowEmpty = whitelist ? (referer.AllowEmpty ?? false) : !(referer.AllowEmpty ?? false);
      rules.push(
        rule({
          appliesTo: [describeRuleScope(referer.RuleType, referer.RulePaths)],
          referer: {
            allow: whitelist ? (referer.Referers ?? []) : [],
            deny: whitelist ? [] : (referer.Referers ?? []),
            allowEmpty,
          },
        }),
      );
    }
  }
  const ipFilter = domain.IpFilter;
  if (ipFilter?.Switch === 'on') {
    if (ipFilter.FilterType && (ipFilter.Filters ?? []).length > 0) {
      const filters = ipFilter.Filters ?? [];
      rules.push(
        rule({
          appliesTo: ['all files'],
          ip:
            ipFilter.FilterType === 'whitelist' ? { allow: filters, deny: [] } : { allow: [], deny: filters },
        }),
      );
    }
    for (const filter of ipFilter.FilterRules ?? []) {
      const filters = filter.Filters ?? [];
      rules.push(
        rule({
          appliesTo: [describeRuleScope(filter.RuleType, filter.RulePaths)],
          ip: filter.FilterType === 'whitelist' ? { allow: filters, deny: [] } : { allow: [], deny: filters },
        }),
      );
    }
  }
  if (domain.UserAgentFilter?.Switch === 'on') {
    for (const filter of domain.UserAgentFilter.FilterRules ?? []) {
      const agents = filter.UserAgents ?? [];
      rules.push(
        rule({
          appliesTo: [describeRuleScope(filter.RuleType, filter.RulePaths)],
          userAgent:
            filter.FilterType === 'whitelist' ? { allow: agents, deny: [] } : { allow: [], deny: agents },
        }),
      );
    }
  }
  return rules;
}
