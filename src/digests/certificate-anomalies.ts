import { collectCertificates } from '../providers/collect-certificates.ts';
import type { CdnProvider } from '../providers/types.ts';
import { daysLeft } from '../render/format-certificate.ts';
import type { Anomaly } from './find-anomalies.ts';

/** A certificate expiring within this many days (or already expired) is called out in a digest. */
export const CERTIFICATE_EXPIRY_DAYS = 14;

/**
 * The digest's domains whose HTTPS certificate expires within CERTIFICATE_EXPIRY_DAYS, soonest first. An account
 * whose certificates cannot be read adds nothing rather than failing the digest: its traffic still matters.
 */
export async function certificateAnomalies(
  providers: ReadonlyMap<string, CdnProvider>,
  groups: readonly { accountId: string; domains: readonly string[] }[],
  now: number,
): Promise<Extract<Anomaly, { kind: 'certificate' }>[]> {
  const wanted = new Set(groups.flatMap((group) => group.domains));
  const { rows } = await collectCertificates(
    providers,
    groups.map((group) => group.accountId),
  );
  return rows.flatMap((row) => {
    const days = daysLeft(row.certificate, now);
    if (!row.https || !wanted.has(row.domain) || days === undefined || days > CERTIFICATE_EXPIRY_DAYS)
      return [];
    return [
      {
        kind: 'certificate' as const,
        domain: row.domain,
        daysLeft: days,
        certificateId: row.certificate?.id ?? '',
      },
    ];
  });
}
