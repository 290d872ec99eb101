import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { DomainFilter, matchesDomainFilters, validateDomainFilters } from '../domain-filters.ts';
import { briefDomain } from '../domain-views.ts';
import { parseParams } from '../parse-params.ts';

const Params = z.strictObject({
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(1).max(1000).optional(),
  Filters: z.array(DomainFilter).optional(),
});

/** Lists domains with their basic information. Limit defaults to 100, at most 1000. */
export function describeDomains(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Offset = 0, Limit = 100, Filters = [] } = parseParams(Params, params);
  validateDomainFilters(Filters);
  const matching = ctx.account.domains.filter((domain) => matchesDomainFilters(domain, Filters));
  return {
    Domains: matching.slice(Offset, Offset + Limit).map(briefDomain),
    TotalNumber: matching.length,
  };
}
