/** How a domain's HTTPS certificate reads in `certs`, `host`, digests and the App Home. */
import type { CertificateInfo } from '../providers/types.ts';
import { code, escapeMrkdwn } from './format.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days from `now` until the certificate expires, part-days rounded up (negative once expired); undefined when unknown. */
export function daysLeft(certificate: CertificateInfo | undefined, now: number): number | undefined {
  if (certificate?.expiresAt === undefined) return undefined;
  // A part-day counts as a day either way: 8.2 days left reads "9 days left", 0.5 days past "expired 1 day ago".
  const remaining = certificate.expiresAt - now;
  return remaining >= 0 ? Math.ceil(remaining / DAY_MS) : -Math.ceil(-remaining / DAY_MS);
}

/** `2026-12-16 (9 days left)`, `2026-11-30 (expired 7 days ago)`, or `expiry not reported`. */
export function describeExpiry(certificate: CertificateInfo | undefined, now: number): string {
  const days = daysLeft(certificate, now);
  if (days === undefined || certificate?.expiresAt === undefined) return 'expiry not reported';
  const date = new Date(certificate.expiresAt).toISOString().slice(0, 10);
  if (days < 0) return `${date} (expired ${-days} ${-days === 1 ? 'day' : 'days'} ago)`;
  return `${date} (${days} ${days === 1 ? 'day' : 'days'} left)`;
}

/** Subject/SANs, issuer and id on one line, leaving out what the provider does not report. */
export function describeCertificate(certificate: CertificateInfo): string {
  const names = certificate.sans && certificate.sans.length > 0 ? certificate.sans : undefined;
  return [
    certificate.subject ? `subject ${code(certificate.subject)}` : '',
    names ? `SANs ${names.map(code).join(' ')}` : '',
    certificate.issuer ? `issuer ${escapeMrkdwn(certificate.issuer)}` : '',
    certificate.name && certificate.name !== certificate.subject ? `name ${code(certificate.name)}` : '',
    certificate.id ? `id ${code(certificate.id)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Whether `domain` is one of `names`, a `*.` wildcard matching one label, compared without case. */
export function certificateCovers(names: readonly string[], domain: string): boolean {
  const host = domain.toLowerCase();
  return names.some((raw) => {
    const name = raw.toLowerCase();
    if (name === host) return true;
    if (!name.startsWith('*.')) return false;
    const rest = host.slice(host.indexOf('.') + 1);
    return host.includes('.') && rest === name.slice(2);
  });
}
