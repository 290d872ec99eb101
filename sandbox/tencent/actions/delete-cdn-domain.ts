import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { refuseWhileProcessing } from '../domain-transition.ts';
import { parseParams } from '../parse-params.ts';
import { requireDomain } from '../require-domain.ts';

const Params = z.strictObject({ Domain: z.string() });

/** Deletes a stopped domain at once: it is gone from the next DescribeDomains. */
export function deleteCdnDomain(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Domain } = parseParams(Params, params);
  const domain = requireDomain(ctx, Domain);
  refuseWhileProcessing(domain);
  if (domain.status !== 'offline') {
    throw new ApiError(
      'ResourceUnavailable.CdnHostIsNotOffline',
      `Domain ${domain.domain} is ${domain.status}; stop it before deleting it.`,
    );
  }
  ctx.account.domains.splice(ctx.account.domains.indexOf(domain), 1);
  return {};
}
