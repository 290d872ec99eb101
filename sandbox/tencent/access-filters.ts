/**
 * UpdateDomainConfig's `IpFilter` and `UserAgentFilter`, applied the way Tencent does: the object sent replaces the
 * stored one whole. Limits from the SDK's IpFilter model (2024+): IPv4 or IPv6 addresses or /X networks (IPv4
 * 1≤X≤32, IPv6 1≤X≤128), at most 200 whitelist or 500 blacklist entries. Refusals are
 * `InvalidParameter.CdnParamError`, the documented catch-all for a malformed parameter.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import type { DomainState } from './types.ts';

const OnOff = z.enum(['on', 'off']);
const FilterType = z.enum(['whitelist', 'blacklist']);
const RuleType = z.enum(['all', 'file', 'directory', 'path']);

export const IP_FILTER_LIMITS = { whitelist: 200, blacklist: 500 } as const;

export const IpFilterInput = z.strictObject({
  Switch: OnOff,
  FilterType: FilterType.nullish(),
  Filters: z.array(z.string()).nullish(),
  FilterRules: z
    .array(
      z.strictObject({
        FilterType,
        Filters: z.array(z.string()),
        RuleType,
        RulePaths: z.array(z.string()),
      }),
    )
    .nullish(),
  ReturnCode: z.int().nullish(),
});
export type IpFilterInput = z.infer<typeof IpFilterInput>;

export const UserAgentFilterInput = z.strictObject({
  Switch: OnOff,
  FilterRules: z
    .array(
      z.strictObject({
        RuleType,
        RulePaths: z.array(z.string()),
        UserAgents: z.array(z.string()),
        FilterType,
      }),
    )
    .nullish(),
});
export type UserAgentFilterInput = z.infer<typeof UserAgentFilterInput>;

function paramError(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnParamError', message);
}

function checkFilters(filters: readonly string[], type: 'whitelist' | 'blacklist', where: string): void {
  if (filters.length > IP_FILTER_LIMITS[type]) {
    throw paramError(
      `${where} has ${filters.length} entries; a ${type} takes at most ${IP_FILTER_LIMITS[type]}.`,
    );
  }
  for (const filter of filters) {
    const [address = '', prefix] = filter.split('/');
    const version = isIP(address);
    const bits = version === 6 ? 128 : 32;
    const prefixOk =
      prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (version === 0 || !prefixOk)
      throw paramError(`${where} entry \`${filter}\` is not an IP or /X network.`);
  }
}

export function resolveIpFilter(input: IpFilterInput): Pick<DomainState, 'ipFilter'> {
  const filters = input.Filters ?? [];
  const rules = input.FilterRules ?? [];
  if (filters.length > 0 && !input.FilterType) throw paramError('IpFilter.Filters needs FilterType.');
  if (input.Switch === 'on' && filters.length === 0 && rules.length === 0) {
    throw paramError('IpFilter.Switch on needs Filters or FilterRules.');
  }
  if (input.FilterType) checkFilters(filters, input.FilterType, 'IpFilter.Filters');
  for (const rule of rules) checkFilters(rule.Filters, rule.FilterType, 'IpFilter.FilterRules.Filters');
  return {
    ipFilter: {
      Switch: input.Switch,
      FilterType: input.FilterType ?? null,
      Filters: [...filters],
      FilterRules: rules.map((rule) => ({
        ...rule,
        Filters: [...rule.Filters],
        RulePaths: [...rule.RulePaths],
      })),
    },
  };
}

export function resolveUserAgentFilter(input: UserAgentFilterInput): Pick<DomainState, 'userAgentFilter'> {
  const rules = input.FilterRules ?? [];
  if (input.Switch === 'on' && rules.length === 0) {
    throw paramError('UserAgentFilter.Switch on needs at least one FilterRules entry.');
  }
  for (const rule of rules) {
    if (rule.UserAgents.length === 0) throw paramError('Every UserAgentFilter rule needs UserAgents.');
    if (rule.RuleType === 'all' && rule.RulePaths.join() !== '*') {
      throw paramError('A UserAgentFilter rule of type all takes RulePaths ["*"].');
    }
  }
  return {
    userAgentFilter: {
      Switch: input.Switch,
      FilterRules: rules.map((rule) => ({
        ...rule,
        UserAgents: [...rule.UserAgents],
        RulePaths: [...rule.RulePaths],
      })),
    },
  };
}
