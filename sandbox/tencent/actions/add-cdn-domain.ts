import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { createDomainState } from '../create-domain-state.ts';
import { OriginInput } from '../domain-config-input.ts';
import { beginProcessing } from '../domain-transition.ts';
import { parseParams } from '../parse-params.ts';
import { checkProject, resolveOrigin } from '../resolve-domain-config.ts';

const SERVICE_TYPES = new Set(['web', 'download', 'media', 'hybrid', 'dynamic']);
/** A host name, optionally a wildcard (`*.example.com`). */
const DOMAIN =
  /^(?=.{1,253}$)(?:\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.[a-z]{2,63}$/i;

const Params = z.strictObject({
  Domain: z.string(),
  ServiceType: z.string(),
  Origin: OriginInput,
  ProjectId: z.int().optional(),
  Area: z.enum(['mainland', 'overseas', 'global']).optional(),
});

function paramError(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnParamError', message);
}

/**
 * Adds a domain: it appears at once as `processing`, with a ResourceId and the cname `<domain>.cdn.dnsv1.com`, and
 * is `online` after `changeDurationMs`. Codes are those the Go SDK lists for AddCdnDomain.
 */
export function addCdnDomain(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Domain, ServiceType, Origin, ProjectId = 0, Area = 'mainland' } = parseParams(Params, params);
  const name = Domain.toLowerCase();
  if (!DOMAIN.test(name)) {
    throw new ApiError('InvalidParameter.CdnConfigInvalidHost', `\`${Domain}\` is not a valid domain name.`);
  }
  if (!SERVICE_TYPES.has(ServiceType)) {
    throw paramError(`ServiceType \`${ServiceType}\` is not one of web, download, media, hybrid, dynamic.`);
  }
  if (ctx.account.domains.some((domain) => domain.domain === name)) {
    throw new ApiError('ResourceInUse.CdnHostExists', `Domain ${name} has already been added.`);
  }
  for (const account of ctx.state.accounts.values()) {
    if (account !== ctx.account && account.domains.some((domain) => domain.domain === name)) {
      throw new ApiError(
        'UnauthorizedOperation.CdnHostIsUsedByOther',
        `Domain ${name} is already added by another account.`,
      );
    }
  }
  checkProject(ctx.account, ProjectId);
  const origin = resolveOrigin(Origin, name);
  const domain = createDomainState(
    { domain: name, serviceType: ServiceType, area: Area, projectId: ProjectId },
    ctx.account.appId,
    ctx.now,
  );
  Object.assign(domain, origin);
  beginProcessing(ctx, domain, 'online');
  ctx.account.domains.push(domain);
  return {};
}
