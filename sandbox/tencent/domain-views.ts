import { type CertificateState, httpsView } from './certificates.ts';
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
      CosPrivateAccess: domain.cosPrivateAccess,
      OriginPullProtocol: domain.originPullProtocol,
      BackupOrigins: domain.backupOrigins,
      BackupOriginType: domain.backupOriginType,
      BackupServerName: domain.backupServerName,
    },
    Disable: 'normal',
    Area: domain.area,
    Readonly: 'normal',
    Product: 'cdn',
    ParentHost: '',
  };
}

/** A DetailDomain as DescribeDomainsConfig returns it: BriefDomain plus the configuration objects. */
export function detailDomain(
  domain: DomainState,
  certificates: readonly CertificateState[] = [],
): Record<string, unknown> {
  return {
    ...briefDomain(domain),
    Cache: {
      SimpleCache: {
        CacheRules: domain.cacheRules,
        ...domain.cacheSwitches,
        Revalidate: domain.revalidate,
      },
    },
    Referer: { Switch: domain.referer.Switch, RefererRules: domain.referer.RefererRules ?? [] },
    CacheKey: { FullUrlCache: domain.fullUrlCache ? 'on' : 'off', IgnoreCase: domain.cacheKeyIgnoreCase },
    IpFilter: domain.ipFilter,
    UserAgentFilter: domain.userAgentFilter,
    Https: httpsView(domain, certificates),
    ForceRedirect: { Switch: 'off', RedirectType: 'http', RedirectStatusCode: 302 },
    Compression: { Switch: 'off', CompressionRules: [] },
  };
}
