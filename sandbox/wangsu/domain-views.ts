import type { WangsuDomainState } from './types.ts';
import { formatDomainDate } from './wangsu-time.ts';

/**
 * One item of `GET /api/domain`. `cdn-service-status` and `enabled` are the strings `"true"`/`"false"`: the
 * official Go SDK's JSON models type both as strings (myklst's bool only works because it reads XML), so a client
 * must not expect JSON booleans.
 */
export function domainSummary(domain: WangsuDomainState): Record<string, unknown> {
  return {
    'domain-id': domain.domainId,
    'domain-name': domain.domainName,
    cname: domain.cname,
    'service-type': domain.serviceType,
    status: domain.status,
    'cdn-service-status': String(domain.cdnServiceStatus),
    enabled: String(domain.enabled),
    'last-modified': formatDomainDate(domain.lastModifiedAt),
  };
}

/** `GET /api/domain/{domain}`: the basic configuration (reference §2.1), dates as `… GMT +8:00`. */
export function domainDetail(domain: WangsuDomainState): Record<string, unknown> {
  return {
    'domain-id': domain.domainId,
    'domain-name': domain.domainName,
    'service-type': domain.serviceType,
    'service-areas': domain.serviceAreas,
    comment: domain.comment,
    cname: domain.cname,
    'created-date': formatDomainDate(domain.createdAt),
    'last-modified': formatDomainDate(domain.lastModifiedAt),
    status: domain.status,
    'cdn-service-status': String(domain.cdnServiceStatus),
    enabled: String(domain.enabled),
    'origin-config': {
      'origin-ips': domain.originIps,
      'default-origin-host-header': domain.originHostHeader,
    },
  };
}
