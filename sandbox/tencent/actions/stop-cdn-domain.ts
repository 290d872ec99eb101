import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { beginProcessing, refuseWhileProcessing } from '../domain-transition.ts';
import { parseParams } from '../parse-params.ts';
import { requireDomain } from '../require-domain.ts';

const Params = z.strictObject({ Domain: z.string() });

/**
 * Stops a started domain: `processing` for `changeDurationMs`, then `offline`, from when the edge answers 404 and
 * purges are refused. The wrong-state code is the one the Go SDK lists for this action.
 */
export function stopCdnDomain(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Domain } = parseParams(Params, params);
  const domain = requireDomain(ctx, Domain);
  refuseWhileProcessing(domain);
  if (domain.status !== 'online') {
    throw new ApiError(
      'InvalidParameter.CDNStatusInvalidDomain',
      `Domain ${domain.domain} is ${domain.status}; only an online domain can be stopped.`,
    );
  }
  beginProcessing(ctx, domain, 'offline');
  return {};
}
