import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { DomainFilter, matchesDomainFilters, validateDomainFilters } from '../domain-filters.ts';
import { detailDomain } from '../domain-views.ts';
import { parseParams } from '../parse-params.ts';
import type { DomainState } from '../types.ts';

const Params = z.strictObject({
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(1).max(100).optional(),
  Filters: z.array(DomainFilter).optional(),
  Sort: z
    .object({ Key: z.enum(['createTime', 'certExpireTime']), Sequence: z.enum(['asc', 'desc']).optional() })
    .optional(),
});

function byCreateTime(a: DomainState, b: DomainState): number {
  return a.createTime.localeCompare(b.createTime) || a.domain.localeCompare(b.domain);
}

/** Lists domains with their full configuration. Limit defaults to 100, at most 100. */
export function describeDomainsConfig(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Offset = 0, Limit = 100, Filters = [], Sort } = parseParams(Params, params);
  validateDomainFilters(Filters);
  const matching = ctx.account.domains.filter((domain) => matchesDomainFilters(domain, Filters));
  // No certificates in the sandbox, so certExpireTime sorts like createTime.
  if (Sort) {
    matching.sort(byCreateTime);
    if ((Sort.Sequence ?? 'desc') === 'desc') matching.reverse();
  }
  return {
    Domains: matching
      .slice(Offset, Offset + Limit)
      .map((domain) => detailDomain(domain, ctx.account.certificates)),
    TotalNumber: matching.length,
  };
}
