import { classicError } from './api-error.ts';
import type { AccountState } from './state.ts';
import type { WangsuDomainState } from './types.ts';

/** Most `/api/domain/*` and `/api/config/*` paths take the name or the numeric id ("接口url的*可为域名名称或域名id"). */
export function findDomain(account: AccountState, nameOrId: string): WangsuDomainState | undefined {
  const wanted = nameOrId.toLowerCase();
  return account.domains.find((domain) => domain.domainId === nameOrId || domain.domainName === wanted);
}

/** 404 `NoSuchDomain`: the name or id is not one of this account's domains (or it has been deleted). */
export function requireDomain(account: AccountState, nameOrId: string): WangsuDomainState {
  const domain = findDomain(account, nameOrId);
  if (!domain) {
    throw classicError(404, 'NoSuchDomain', `The domain ${nameOrId} does not exist in this account.`);
  }
  return domain;
}
