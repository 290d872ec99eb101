import { ccmFailure } from '../api-error.ts';
import type { AccountState } from '../state.ts';
import type { WangsuDomainState } from '../types.ts';

const HOST = /^https?:\/\/([^/?#:@]+)(?::\d+)?(?:[/?#]|$)/i;

/** The longest URL the content API takes (the zh doc; the en text says 1000). */
export const MAX_URL_LENGTH = 2000;
export const MAX_DIR_LENGTH = 1000;

/**
 * The domain a purge/prefetch URL belongs to. It must start with `http://` or `https://` and name one of the
 * account's domains exactly; otherwise the call answers `Code: 0` naming the URL.
 */
export function targetDomain(account: AccountState, url: string, maxLength: number): WangsuDomainState {
  if (url.length > maxLength) throw ccmFailure(`${url.slice(0, 80)}…: longer than ${maxLength} characters.`);
  const host = HOST.exec(url)?.[1]?.toLowerCase();
  if (host === undefined) throw ccmFailure(`${url}: must start with http:// or https:// and a host.`);
  const domain = account.domains.find((candidate) => candidate.domainName === host);
  if (!domain) throw ccmFailure(`${url}: ${host} is not an accelerated domain of this account.`);
  return domain;
}
