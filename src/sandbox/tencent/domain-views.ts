import type { DomainState } from './types.ts';

/** A BriefDomain as DescribeDomains returns it (fields the sandbox cannot vary are fixed at their usual values). */
export function briefDomain(domain: DomainState): Record<string, unknown> {
  return {
    ResourceId: domain.resourceId,
    AppId: domain.appId,
    Domain: domain.domain,
    Cname: domain.cname,
    Status: domain.status,
    ProjectId: domain.projectId,
    ServiceType: domain.serviceType,
    CreateTime: domain.createTime,
    UpdateTime: domain.updateTime,
    Origin: {
      Origins: domain.origins,
      OriginType: domain.originType,
      ServerName: domain.serverName,
      CosPrivateAccess: 'off',
      OriginPullProtocol: 'http',
      BackupOrigins: [],
      BackupOriginType: null,
      BackupServerName: null,
    },
    Disable: 'normal',
    Area: domain.area,
    Readonly: 'normal',
    Product: 'cdn',
    ParentHost: '',
  };
}

/** A DetailDomain as DescribeDomainsConfig returns it: BriefDomain plus the configuration objects. */
export function detailDomain(domain: DomainState): Record<string, unknown> {
  return {
    ...briefDomain(domain),
    Cache: {
      SimpleCache: {
        CacheRules: domain.cacheRules,
        FollowOrigin: 'off',
        IgnoreCacheControl: 'off',
        IgnoreSetCookie: 'off',
        CompareMaxAge: 'off',
        Revalidate: { Switch: 'off', Path: null },
      },
    },
    Referer: { Switch: domain.referer.Switch, RefererRules: domain.referer.RefererRules ?? [] },
    CacheKey: { FullUrlCache: domain.fullUrlCache ? 'on' : 'off', IgnoreCase: 'off' },
    IpFilter: domain.ipFilter,
    UserAgentFilter: domain.userAgentFilter,
    Https: { Switch: 'off', Http2: 'off', OcspStapling: 'off', VerifyClient: 'off', Spdy: 'off' },
    ForceRedirect: { Switch: 'off', RedirectType: 'http', RedirectStatusCode: 302 },
    Compression: { Switch: 'off', CompressionRules: [] },
  };
}
