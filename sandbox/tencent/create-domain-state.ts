import { createHash } from 'node:crypto';
import { formatBeijingTime } from './beijing-time.ts';
import type { DomainState, SandboxCacheRule, SandboxDomain, SandboxSimpleCacheSwitches } from './types.ts';

/** Tencent's defaults for a new web domain: cache everything 30 days, but never dynamic pages. */
export const DEFAULT_CACHE_RULES: readonly SandboxCacheRule[] = [
  { CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 },
  { CacheType: 'file', CacheContents: ['php', 'jsp', 'asp', 'aspx'], CacheTime: 0 },
];

/** SimpleCache switches when nothing says otherwise; UpdateDomainConfig falls back to these too. */
export const DEFAULT_CACHE_SWITCHES: Readonly<SandboxSimpleCacheSwitches> = {
  FollowOrigin: 'off',
  IgnoreCacheControl: 'off',
  IgnoreSetCookie: 'off',
  CompareMaxAge: 'off',
};

/** Fills a seed with realistic defaults. The resource id is derived from the name so it is stable across runs. */
export function createDomainState(seed: SandboxDomain, appId: number, nowMs: number): DomainState {
  const domain = seed.domain.toLowerCase();
  const created = formatBeijingTime(nowMs);
  return {
    domain,
    resourceId: seed.resourceId ?? `cdn-${createHash('sha256').update(domain).digest('hex').slice(0, 8)}`,
    appId,
    status: seed.status ?? 'online',
    cname: seed.cname ?? `${domain}.cdn.dnsv1.com`,
    origins: seed.origins ?? [`origin.${domain}`],
    originType: seed.originType ?? 'domain',
    serverName: seed.serverName ?? domain,
    originPullProtocol: seed.originPullProtocol ?? 'http',
    cosPrivateAccess: 'off',
    backupOrigins: [],
    backupOriginType: null,
    backupServerName: null,
    serviceType: seed.serviceType ?? 'web',
    area: seed.area ?? 'mainland',
    projectId: seed.projectId ?? 0,
    fullUrlCache: seed.fullUrlCache ?? true,
    cacheKeyIgnoreCase: seed.cacheKeyIgnoreCase ?? 'off',
    cacheRules: structuredClone(seed.cacheRules ?? [...DEFAULT_CACHE_RULES]),
    cacheSwitches: { ...DEFAULT_CACHE_SWITCHES, ...seed.cacheSwitches },
    revalidate: { Switch: 'off', Path: null },
    referer: structuredClone(seed.referer ?? { Switch: 'off', RefererRules: [] }),
    ipFilter: structuredClone(
      seed.ipFilter ?? { Switch: 'off', FilterType: null, Filters: [], FilterRules: [] },
    ),
    userAgentFilter: structuredClone(seed.userAgentFilter ?? { Switch: 'off', FilterRules: [] }),
    https: seed.https
      ? { Switch: 'on', certId: seed.https.certId, deployedAt: nowMs, Http2: 'on' }
      : { Switch: 'off', certId: null, deployedAt: null, Http2: 'off' },
    createTime: created,
    updateTime: created,
  };
}
