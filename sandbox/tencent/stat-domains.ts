import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import type { DomainState } from './types.ts';

/** DescribeCdnData and ListTopData take at most 30 domains a call. */
export const MAX_STAT_DOMAINS = 30;

export interface StatScope {
  /** The domains the figures cover, in the order asked (the account's order when none were named). */
  domains: DomainState[];
  /** `Resource` of the summed (non-Detail) answer: the domain, `multiDomains`, the project id, or `all`. */
  resource: string;
}

/**
 * The domains a statistics query covers. Named domains must belong to the account (`ResourceNotFound.CdnHostNotExists`)
 * and be at most 30 (`InvalidParameter.CdnStatTooManyDomains`); without any, the whole account or, when `Project`
 * is given, that project. Project is ignored when Domains are named, as Tencent documents.
 */
export function resolveStatDomains(
  ctx: ActionContext,
  names: readonly string[] | undefined,
  project: number | undefined,
): StatScope {
  const wanted = [...new Set((names ?? []).map((name) => name.toLowerCase()))];
  if (wanted.length > MAX_STAT_DOMAINS) {
    throw new ApiError(
      'InvalidParameter.CdnStatTooManyDomains',
      `At most ${MAX_STAT_DOMAINS} domains can be queried at once, got ${wanted.length}.`,
    );
  }
  if (wanted.length === 0) {
    const domains =
      project === undefined
        ? ctx.account.domains
        : ctx.account.domains.filter((domain) => domain.projectId === project);
    return { domains, resource: project === undefined ? 'all' : String(project) };
  }
  const domains = wanted.map((name) => {
    const domain = ctx.account.domains.find((candidate) => candidate.domain === name);
    if (!domain) {
      throw new ApiError('ResourceNotFound.CdnHostNotExists', `The domain ${name} is not in this account.`);
    }
    return domain;
  });
  return { domains, resource: domains.length === 1 ? domains[0]!.domain : 'multiDomains' };
}
