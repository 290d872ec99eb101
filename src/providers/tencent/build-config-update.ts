/**
 * The UpdateDomainConfig request for a change: only the top-level objects the change touches, each rebuilt whole
 * from what DescribeDomainsConfig returned plus the change, because Tencent resets every sub-field an object
 * leaves out (tencent-cdn.md §4 UpdateDomainConfig, §5.9). Untouched objects are not sent and so stay as they are.
 */
import type { CacheRule, DomainConfigChange, RefererSetting } from '../types.ts';
import { ipFilterObject, userAgentFilterObject } from './blocking.ts';
import { httpsObject } from './certificates.ts';
import type { ConfigDomain } from './changes-schema.ts';
import { originObject } from './origin.ts';

type Json = Record<string, unknown>;

/**
 * Drops null fields, at any depth. DescribeDomainsConfig prints unset fields as null; sent back, null is at best the
 * same as absent and at worst the wrong type for the field, so it is left out.
 */
function objectWithoutNulls(object: object): Json {
  return Object.fromEntries(
    Object.entries(object)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) return objectWithoutNulls(value);
  return value;
}

function cacheObject(read: ConfigDomain['Cache'], rules: readonly CacheRule[]): Json {
  return {
    ...read,
    SimpleCache: {
      // FollowOrigin, IgnoreCacheControl, IgnoreSetCookie, CompareMaxAge, Revalidate... as read.
      ...read?.SimpleCache,
      CacheRules: rules.map((rule) => ({
        CacheType: rule.type,
        CacheContents: rule.contents,
        CacheTime: rule.seconds,
      })),
    },
  };
}

function refererObject(read: ConfigDomain['Referer'], setting: RefererSetting): Json {
  // Switching off keeps the rules read, so switching on again in the console finds them.
  if (setting.mode === 'off') return { ...read, Switch: 'off' };
  const whitelist = setting.mode === 'allow';
  return {
    ...read,
    Switch: 'on',
    RefererRules: [
      {
        RuleType: 'all',
        RulePaths: ['*'],
        RefererType: whitelist ? 'whitelist' : 'blacklist',
        Referers: setting.referers,
        // AllowEmpty flips meaning: on a whitelist true lets empty referers in, on a blacklist true shuts them out.
        AllowEmpty: whitelist ? setting.allowEmpty : !setting.allowEmpty,
      },
    ],
  };
}

/** True when the change asks for nothing. */
export function isEmptyChange(change: DomainConfigChange): boolean {
  return Object.values(change).every((value) => value === undefined);
}

export function buildConfigUpdate(read: ConfigDomain, change: DomainConfigChange): Json {
  const params: Json = { Domain: read.Domain };
  if (change.projectId !== undefined) params.ProjectId = change.projectId;
  if (change.originHost !== undefined) params.Origin = { ...read.Origin, ServerName: change.originHost };
  if (change.origin) params.Origin = originObject((params.Origin as Json) ?? read.Origin, change.origin);
  if (change.cacheRules !== undefined) params.Cache = cacheObject(read.Cache, change.cacheRules);
  if (change.referer !== undefined) params.Referer = refererObject(read.Referer, change.referer);
  if (change.fullUrlCache !== undefined) {
    params.CacheKey = { ...read.CacheKey, FullUrlCache: change.fullUrlCache ? 'on' : 'off' };
  }
  if (change.certificateId !== undefined) params.Https = httpsObject(read.Https, change.certificateId);
  if (change.blocking?.kind === 'ip')
    params.IpFilter = ipFilterObject(read.IpFilter, change.blocking, read.Domain);
  if (change.blocking?.kind === 'ua') {
    params.UserAgentFilter = userAgentFilterObject(read.UserAgentFilter, change.blocking, read.Domain);
  }
  return objectWithoutNulls(params);
}
