import { z } from 'zod';
import {
  IpFilterInput,
  resolveIpFilter,
  resolveUserAgentFilter,
  UserAgentFilterInput,
} from '../access-filters.ts';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { HttpsInput, resolveHttps } from '../certificates.ts';
import { DEFAULT_CACHE_RULES } from '../create-domain-state.ts';
import { CacheInput, CacheKeyInput, OriginInput, RefererInput } from '../domain-config-input.ts';
import { beginProcessing, refuseWhileProcessing } from '../domain-transition.ts';
import { parseParams } from '../parse-params.ts';
import { requireDomain } from '../require-domain.ts';
import {
  checkProject,
  resolveCache,
  resolveCacheKey,
  resolveOrigin,
  resolveReferer,
} from '../resolve-domain-config.ts';
import type { DomainState } from '../types.ts';

/** UpdateDomainConfig takes these service types; hybrid and dynamic exist only as AddCdnDomain values. */
const SERVICE_TYPES = new Set(['web', 'download', 'media']);

const Params = z.strictObject({
  Domain: z.string(),
  ProjectId: z.int().optional(),
  Origin: OriginInput.optional(),
  Cache: CacheInput.optional(),
  Referer: RefererInput.optional(),
  CacheKey: CacheKeyInput.optional(),
  ServiceType: z.string().optional(),
  Https: HttpsInput.optional(),
  IpFilter: IpFilterInput.optional(),
  UserAgentFilter: UserAgentFilterInput.optional(),
});

/**
 * Changes a domain's configuration. Each complex object sent replaces the stored one whole, with Tencent's defaults
 * for the sub-fields it omits; objects not sent stay as they are. Online and offline domains may be changed: the
 * domain is `processing` for `changeDurationMs`, then back to the status it had.
 */
export function updateDomainConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Domain, ProjectId, Origin, Cache, Referer, CacheKey, ServiceType, ...access } = parseParams(
    Params,
    params,
  );
  const domain = requireDomain(ctx, Domain);
  refuseWhileProcessing(domain);
  const changes: Partial<DomainState> = {};
  if (ProjectId !== undefined) {
    checkProject(ctx.account, ProjectId);
    changes.projectId = ProjectId;
  }
  if (ServiceType !== undefined) {
    if (!SERVICE_TYPES.has(ServiceType)) {
      throw new ApiError(
        'InvalidParameter.CdnInvalidParamServiceType',
        `ServiceType \`${ServiceType}\` is not one of web, download, media.`,
      );
    }
    changes.serviceType = ServiceType;
  }
  if (Origin) Object.assign(changes, resolveOrigin(Origin, domain.domain));
  if (Cache) Object.assign(changes, resolveCache(Cache, [...DEFAULT_CACHE_RULES]));
  if (Referer) Object.assign(changes, resolveReferer(Referer));
  if (CacheKey) Object.assign(changes, resolveCacheKey(CacheKey));
  if (access.Https)
    Object.assign(changes, resolveHttps(access.Https, domain, ctx.account.certificates, ctx.now));
  if (access.IpFilter) Object.assign(changes, resolveIpFilter(access.IpFilter));
  if (access.UserAgentFilter) Object.assign(changes, resolveUserAgentFilter(access.UserAgentFilter));
  const previous = domain.status === 'online' ? 'online' : 'offline';
  Object.assign(domain, changes);
  beginProcessing(ctx, domain, previous);
  return {};
}
