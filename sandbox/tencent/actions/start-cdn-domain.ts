import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { beginProcessing, refuseWhileProcessing } from '../domain-transition.ts';
import { parseParams } from '../parse-params.ts';
import { requireDomain } from '../require-domain.ts';

const Params = z.strictObject({ Domain: z.string() });

/**
 * Starts a stopped domain: `processing` for `changeDurationMs`, then `online`. The wrong-state code is the one the
 * Go SDK lists for this action (`CDNStatusInvalidDomain`, "域名状态不合法").
 */
export function startCdnDomain(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Domain } = parseParams(Params, params);
  const domain = requireDomain(ctx, Domain);
  refuseWhileProcessing(domain);
  if (domain.status !== 'offline') {
    throw new ApiError(
      'InvalidParameter.CDNStatusInvalidDomain',
      `Domain ${domain.domain} is ${domain.status}; only an offline domain can be started.`,
    );
  }
  beginProcessing(ctx, domain, 'online');
  return {};
}
