/**
 * Certificates change a few times a year and expiry is counted in days, so a `cert < 14d` rule need not read them
 * every 5 minutes: each account's certificates are read at most once per CERTIFICATE_READ_MS (four times a day) and
 * kept per provider object, which is one account of one process. The read itself goes through the provider's client,
 * so it is paced and counted in that account's budget like any other call. Rules and `watch test` asking at once
 * share one read; a read that failed is not kept, so the next evaluation asks again. A certificate switch made
 * through cdnops in this process makes the kept read out of date, so the alert it fixed resolves within minutes.
 */
import { certificateSwitches } from '../providers/certificate-switches.ts';
import type { CdnProvider, DomainCertificate } from '../providers/types.ts';

export const CERTIFICATE_READ_MS = 6 * 3_600_000;

interface Kept {
  readAt: number;
  /** certificateSwitches of the account when the read began. */
  switches: number;
  answer: Promise<DomainCertificate[]>;
}

const kept = new WeakMap<CdnProvider, Kept>();

/** The account's certificates as read at most CERTIFICATE_READ_MS before `now`; the provider must offer them. */
export function cachedCertificates(provider: CdnProvider, now: number): Promise<DomainCertificate[]> {
  const known = kept.get(provider);
  const switches = certificateSwitches(provider);
  const fresh = known && now >= known.readAt && now - known.readAt < CERTIFICATE_READ_MS;
  if (fresh && known.switches === switches) return known.answer;
  const answer = provider.certificates!();
  const entry = { readAt: now, switches, answer };
  kept.set(provider, entry);
  answer.catch(() => {
    if (kept.get(provider) === entry) kept.delete(provider);
  });
  return answer;
}
