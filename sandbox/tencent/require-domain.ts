import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import type { DomainState } from './types.ts';

/** The named domain of the calling account (names compare case-insensitively), or `CdnHostNotExists`. */
export function requireDomain(ctx: ActionContext, name: string): DomainState {
  const wanted = name.toLowerCase();
  const domain = ctx.account.domains.find((candidate) => candidate.domain === wanted);
  if (!domain) {
    throw new ApiError('ResourceNotFound.CdnHostNotExists', `Domain ${name} is not in this account.`);
  }
  return domain;
}
