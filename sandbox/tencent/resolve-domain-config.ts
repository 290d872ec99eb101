/**
 * Turns the complex objects of UpdateDomainConfig / AddCdnDomain into domain state, the way Tencent applies them:
 * the object sent replaces the stored one whole, and every sub-field it leaves out takes its default (tencent-cdn.md
 * §4 UpdateDomainConfig, §5.9). Each function checks first and returns the new fields, so a refused request
 * changes nothing. Codes are from the Go SDK's per-action error lists.
 */
import { ApiError } from './api-error.ts';
import { DEFAULT_CACHE_SWITCHES } from './create-domain-state.ts';
import type { CacheInput, CacheKeyInput, OriginInput, RefererInput } from './domain-config-input.ts';
import { checkOriginRules } from './origin-rules.ts';
import type { AccountState } from './state.ts';
import type { DomainState } from './types.ts';

/** The most SimpleCache rules a domain may have: the sandbox's pick, Tencent does not publish its figure. */
export const MAX_CACHE_RULES = 100;
/** "CacheTime: seconds (max 365 days)". */
const MAX_CACHE_SECONDS = 365 * 24 * 60 * 60;
const CACHE_TYPES = new Set(['all', 'file', 'directory', 'path', 'index']);
/** The OriginType values the sandbox accepts (API 3.0 documents more combinations; these cover cdnops). */
const ORIGIN_TYPES = new Set(['domain', 'cos', 'third_party', 'igtm', 'ip', 'ipv6', 'ip_ipv6', 'domainv6']);

type OriginFields = Pick<
  DomainState,
  | 'origins'
  | 'originType'
  | 'serverName'
  | 'cosPrivateAccess'
  | 'originPullProtocol'
  | 'backupOrigins'
  | 'backupOriginType'
  | 'backupServerName'
>;

function paramError(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnParamError', message);
}

/** `Origin`: ServerName falls back to the accelerated domain, OriginPullProtocol to http, backups to none. */
export function resolveOrigin(input: OriginInput, domainName: string): OriginFields {
  if (!ORIGIN_TYPES.has(input.OriginType))
    throw paramError(`OriginType \`${input.OriginType}\` is not valid.`);
  if (input.Origins.length === 0) throw paramError('Origin.Origins needs at least one origin.');
  checkOriginRules(input);
  return {
    origins: [...input.Origins],
    originType: input.OriginType,
    serverName: input.ServerName ?? domainName,
    cosPrivateAccess: input.CosPrivateAccess ?? 'off',
    originPullProtocol: input.OriginPullProtocol ?? 'http',
    backupOrigins: [...(input.BackupOrigins ?? [])],
    backupOriginType: input.BackupOriginType ?? null,
    backupServerName: input.BackupServerName ?? null,
  };
}

function invalidCache(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnConfigInvalidCache', message);
}

/**
 * `Cache`: SimpleCache replaces the rules and every switch (an omitted switch is `off` again, Revalidate off);
 * a Cache without SimpleCache means Tencent's default rules.
 */
export function resolveCache(
  input: CacheInput,
  defaultRules: DomainState['cacheRules'],
): Pick<DomainState, 'cacheRules' | 'cacheSwitches' | 'revalidate'> {
  const simple = input.SimpleCache;
  const rules = simple?.CacheRules ?? defaultRules;
  if (rules.length > MAX_CACHE_RULES) {
    throw new ApiError(
      'LimitExceeded.CdnConfigTooManyCacheRules',
      `${rules.length} cache rules sent; a domain may have at most ${MAX_CACHE_RULES}.`,
    );
  }
  for (const rule of rules) {
    if (!CACHE_TYPES.has(rule.CacheType)) throw invalidCache(`CacheType \`${rule.CacheType}\` is not valid.`);
    if (rule.CacheContents.length === 0) throw invalidCache('Every cache rule needs CacheContents.');
    if (rule.CacheType === 'all' && rule.CacheContents.join() !== '*') {
      throw invalidCache('A cache rule of type all takes CacheContents ["*"].');
    }
    if (rule.CacheType === 'index' && rule.CacheContents.join() !== '/') {
      throw invalidCache('A cache rule of type index takes CacheContents ["/"].');
    }
    if (rule.CacheTime < 0 || rule.CacheTime > MAX_CACHE_SECONDS) {
      throw invalidCache(`CacheTime ${rule.CacheTime} is outside 0 to ${MAX_CACHE_SECONDS} seconds.`);
    }
  }
  return {
    cacheRules: structuredClone(rules),
    cacheSwitches: {
      FollowOrigin: simple?.FollowOrigin ?? DEFAULT_CACHE_SWITCHES.FollowOrigin,
      IgnoreCacheControl: simple?.IgnoreCacheControl ?? DEFAULT_CACHE_SWITCHES.IgnoreCacheControl,
      IgnoreSetCookie: simple?.IgnoreSetCookie ?? DEFAULT_CACHE_SWITCHES.IgnoreSetCookie,
      CompareMaxAge: simple?.CompareMaxAge ?? DEFAULT_CACHE_SWITCHES.CompareMaxAge,
    },
    revalidate: { Switch: simple?.Revalidate?.Switch ?? 'off', Path: simple?.Revalidate?.Path ?? null },
  };
}

/** `Referer`: the rules sent are all the rules (none if omitted); AllowEmpty defaults to false. */
export function resolveReferer(input: RefererInput): Pick<DomainState, 'referer'> {
  const rules = input.RefererRules ?? [];
  if (input.Switch === 'on' && rules.length === 0) {
    throw paramError('Referer.Switch on needs at least one RefererRules entry.');
  }
  for (const rule of rules) {
    if (rule.RulePaths.length === 0) throw paramError('Every referer rule needs RulePaths.');
    if (rule.RuleType === 'all' && rule.RulePaths.join() !== '*') {
      throw paramError('A referer rule of type all takes RulePaths ["*"].');
    }
    if (rule.Referers.length === 0) throw paramError('Every referer rule needs at least one Referers entry.');
  }
  return {
    referer: {
      Switch: input.Switch,
      RefererRules: rules.map((rule) => ({
        RuleType: rule.RuleType,
        RulePaths: [...rule.RulePaths],
        RefererType: rule.RefererType,
        Referers: [...rule.Referers],
        AllowEmpty: rule.AllowEmpty ?? false,
      })),
    },
  };
}

/** `CacheKey`: full-URL caching is on unless the request says off; IgnoreCase is off unless it says on. */
export function resolveCacheKey(
  input: CacheKeyInput,
): Pick<DomainState, 'fullUrlCache' | 'cacheKeyIgnoreCase'> {
  return {
    fullUrlCache: (input.FullUrlCache ?? 'on') === 'on',
    cacheKeyIgnoreCase: input.IgnoreCase ?? 'off',
  };
}

/** A ProjectId must name a project of the account. */
export function checkProject(account: AccountState, projectId: number): void {
  if (!account.projects.has(projectId)) {
    throw new ApiError('ResourceNotFound.CdnProjectNotExists', `Project ${projectId} does not exist.`);
  }
}
