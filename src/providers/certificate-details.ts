/**
 * Fills in subject, SANs and issuer of listed certificates from the provider's certificate service, for providers
 * whose domain listing leaves them out (Tencent's hosted certificates): one look-up per distinct certificate id
 * of each account, only for the rows about to be shown. A look-up that fails leaves the row as listed, with why.
 */
import type { CertificateRow } from './collect-certificates.ts';
import type { CdnProvider, CertificateInfo } from './types.ts';

export interface MissingDetails {
  account: string;
  reason: string;
  /** The certificate ids this reason applies to. */
  certificates: string[];
}

function merge(listed: CertificateInfo, detail: CertificateInfo): CertificateInfo {
  // The CDN's own fields win: its expiry is what the domain serves, and digests read the same one.
  return {
    ...listed,
    name: listed.name ?? detail.name,
    subject: listed.subject ?? detail.subject,
    sans: listed.sans ?? detail.sans,
    issuer: listed.issuer ?? detail.issuer,
    expiresAt: listed.expiresAt ?? detail.expiresAt,
  };
}

export async function withCertificateDetails(
  providers: ReadonlyMap<string, CdnProvider>,
  rows: readonly CertificateRow[],
): Promise<{ rows: CertificateRow[]; missing: MissingDetails[] }> {
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    const id = row.certificate?.id;
    if (!row.https || !id || !providers.get(row.account)?.certificateDetails) continue;
    if (row.certificate?.subject && row.certificate.sans && row.certificate.issuer) continue;
    wanted.set(row.account, (wanted.get(row.account) ?? new Set()).add(id));
  }
  const missing: MissingDetails[] = [];
  const found = new Map<string, Map<string, CertificateInfo>>();
  const reasons = new Map<string, Map<string, string>>();
  await Promise.all(
    [...wanted].map(async ([account, ids]) => {
      try {
        const answer = await providers.get(account)!.certificateDetails!([...ids]);
        found.set(account, answer.details);
        reasons.set(account, answer.unavailable);
      } catch (error) {
        // Details are extra: the list stands without them.
        const reason = error instanceof Error ? error.message : String(error);
        reasons.set(account, new Map([...ids].map((id) => [id, reason])));
      }
    }),
  );
  for (const [account, byId] of [...reasons].sort(([a], [b]) => a.localeCompare(b))) {
    const byReason = new Map<string, string[]>();
    for (const [id, reason] of byId) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
    for (const [reason, certificates] of byReason) missing.push({ account, reason, certificates });
  }
  return {
    rows: rows.map((row) => {
      const id = row.certificate?.id;
      if (!row.certificate || !id) return row;
      const detail = found.get(row.account)?.get(id);
      if (detail) return { ...row, certificate: merge(row.certificate, detail) };
      const reason = reasons.get(row.account)?.get(id);
      return reason ? { ...row, certificate: { ...row.certificate, detailsUnavailable: reason } } : row;
    }),
    missing,
  };
}
