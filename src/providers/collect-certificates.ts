/** Every HTTPS domain of some accounts with its certificate: what `/cdn certs`, digests and the App Home read. */
import type { ProviderError } from '../errors.ts';
import type { CdnProvider, DomainCertificate } from './types.ts';

export interface CertificateRow extends DomainCertificate {
  account: string;
}

export interface CollectedCertificates {
  /** HTTPS domains, soonest expiry first (unknown expiry after), then domains without HTTPS by name. */
  rows: CertificateRow[];
  failures: { account: string; error: ProviderError | Error }[];
  /** Accounts whose provider cannot list certificates. */
  unsupported: string[];
}

export function bySoonestExpiry(a: CertificateRow, b: CertificateRow): number {
  if (a.https !== b.https) return a.https ? -1 : 1;
  const left = a.certificate?.expiresAt ?? Number.POSITIVE_INFINITY;
  const right = b.certificate?.expiresAt ?? Number.POSITIVE_INFINITY;
  return left - right || a.domain.localeCompare(b.domain);
}

export async function collectCertificates(
  providers: ReadonlyMap<string, CdnProvider>,
  accounts: readonly string[],
): Promise<CollectedCertificates> {
  const collected: CollectedCertificates = { rows: [], failures: [], unsupported: [] };
  await Promise.all(
    accounts.map(async (account) => {
      const provider = providers.get(account);
      if (!provider?.certificates) {
        collected.unsupported.push(account);
        return;
      }
      try {
        const domains = await provider.certificates();
        collected.rows.push(...domains.map((domain) => ({ ...domain, account })));
      } catch (error) {
        collected.failures.push({ account, error: error as Error });
      }
    }),
  );
  collected.rows.sort(bySoonestExpiry);
  collected.failures.sort((a, b) => a.account.localeCompare(b.account));
  return collected;
}
