import type { CdnProvider, DomainDetail } from '../providers/types.ts';
import type { CheckTarget } from './check-urls.ts';
import { originTarget } from './origin-target.ts';

/** A URL and the account that serves its domain, as resolved by the caller. */
export interface AccountUrl {
  url: string;
  accountId: string;
}

/**
 * Turns URLs into check targets with each domain's CNAME and origin as the provider describes them now (one
 * describeDomains call per account, each domain once), so a check compares against the origin the CDN really uses.
 * A domain the provider no longer describes gets no CNAME, and the check says so for its URLs.
 * @throws ProviderError when an account cannot be read.
 */
export async function describeCheckTargets(
  urls: readonly AccountUrl[],
  providers: ReadonlyMap<string, CdnProvider>,
): Promise<CheckTarget[]> {
  const hostsByAccount = new Map<string, Set<string>>();
  for (const { url, accountId } of urls) {
    const hosts = hostsByAccount.get(accountId) ?? new Set<string>();
    hosts.add(new URL(url).hostname.toLowerCase());
    hostsByAccount.set(accountId, hosts);
  }
  const details = new Map<string, DomainDetail>();
  await Promise.all(
    [...hostsByAccount].map(async ([accountId, hosts]) => {
      const provider = providers.get(accountId);
      if (!provider) return;
      for (const detail of await provider.describeDomains([...hosts])) {
        details.set(`${accountId} ${detail.domain.toLowerCase()}`, detail);
      }
    }),
  );
  return urls.map(({ url, accountId }) => {
    const parsed = new URL(url);
    const detail = details.get(`${accountId} ${parsed.hostname.toLowerCase()}`);
    return {
      url,
      cname: detail?.cname,
      origin: detail ? originTarget(detail, parsed) : undefined,
    };
  });
}
