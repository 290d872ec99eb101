import { z } from 'zod';
import { ApiError } from './api-error.ts';
import type { DomainState } from './types.ts';

/** `{Name, Value[], Fuzzy?}`: values are OR-ed, filters AND-ed. */
export const DomainFilter = z.object({
  Name: z.string(),
  Value: z.array(z.string()),
  Fuzzy: z.boolean().optional(),
});
export type DomainFilter = z.infer<typeof DomainFilter>;

/** The filter names DescribeDomains documents, and what each compares with. */
const FIELDS: Record<string, (domain: DomainState) => string[]> = {
  domain: (d) => [d.domain],
  resourceId: (d) => [d.resourceId],
  status: (d) => [d.status],
  origin: (d) => d.origins,
  serviceType: (d) => [d.serviceType],
  projectId: (d) => [String(d.projectId)],
  fullUrlCache: (d) => [d.fullUrlCache ? 'on' : 'off'],
  // The sandbox has no HTTPS, tags or other access types; these answer as every such domain would.
  domainType: () => ['cname'],
  https: () => ['off'],
  originPullProtocol: () => ['http'],
  tagKey: () => [],
};
const FUZZY_FIELDS = new Set(['domain', 'origin']);

/** Refuses filters Tencent refuses: unknown names, more than 5 values, or a fuzzy filter that is not 1 value. */
export function validateDomainFilters(filters: readonly DomainFilter[]): void {
  for (const filter of filters) {
    if (!Object.hasOwn(FIELDS, filter.Name)) {
      throw new ApiError(
        'InvalidParameter.CdnParamError',
        `Filter name \`${filter.Name}\` is not supported.`,
      );
    }
    if (filter.Fuzzy && !FUZZY_FIELDS.has(filter.Name)) {
      throw new ApiError(
        'InvalidParameter.CdnParamError',
        `Fuzzy matching is only for domain and origin filters.`,
      );
    }
    const max = filter.Fuzzy ? 1 : 5;
    if (filter.Value.length === 0 || filter.Value.length > max) {
      throw new ApiError(
        'InvalidParameter.CdnParamError',
        `Filter \`${filter.Name}\` takes 1 to ${max} values.`,
      );
    }
  }
}

export function matchesDomainFilters(domain: DomainState, filters: readonly DomainFilter[]): boolean {
  return filters.every((filter) => {
    const actual = FIELDS[filter.Name]?.(domain) ?? [];
    return filter.Value.some((value) =>
      actual.some((field) => (filter.Fuzzy ? field.includes(value) : field === value)),
    );
  });
}
