/**
 * HTTPS certificates on Tencent: what each domain serves (DescribeDomainsConfig `Https.CertInfo`, a ServerCert:
 * CertId, CertName, ExpireTime, DeployTime, Certificate when Tencent returns the PEM), which CDN domains a hosted
 * certificate matches (DescribeCertDomains, tencent-cdn.md §4), and the `Https` object that switches a domain to
 * another hosted certificate by `CertInfo.CertId`.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { parseChinaTime } from '../china-time.ts';
import type { CertificateInfo, DomainCertificate } from '../types.ts';
import type { TencentClient } from './client.ts';

const CONFIG_PAGE = 100;

const ServerCert = z
  .object({
    CertId: z.string().nullish(),
    CertName: z.string().nullish(),
    Certificate: z.string().nullish(),
    ExpireTime: z.string().nullish(),
    DeployTime: z.string().nullish(),
  })
  .loose();

const HttpsDomain = z.object({
  Domain: z.string(),
  Https: z.object({ Switch: z.string().nullish(), CertInfo: ServerCert.nullish() }).loose().nullish(),
});

const HttpsPage = z.object({ Domains: z.array(HttpsDomain).nullish(), TotalNumber: z.number() });

const CertDomains = z.object({
  Domains: z.array(z.string()).nullish(),
  CertifiedDomains: z.array(z.string()).nullish(),
});

/** Subject, SANs and issuer from the PEM, when Tencent returned one that parses. */
function fromPem(pem: string | null | undefined): Partial<CertificateInfo> {
  if (!pem) return {};
  try {
    const certificate = new X509Certificate(pem);
    return {
      subject: /CN=([^\n,]+)/.exec(certificate.subject)?.[1],
      issuer: /CN=([^\n,]+)/.exec(certificate.issuer)?.[1] ?? certificate.issuer,
      sans: (certificate.subjectAltName ?? '')
        .split(', ')
        .filter((entry) => entry.startsWith('DNS:'))
        .map((entry) => entry.slice(4)),
    };
  } catch {
    return {};
  }
}

export function toCertificateInfo(value: unknown): CertificateInfo | undefined {
  const parsed = ServerCert.safeParse(value);
  const cert = parsed.success ? parsed.data : undefined;
  if (!cert?.CertId && !cert?.Certificate) return undefined;
  return {
    id: cert.CertId ?? '',
    name: cert.CertName ?? undefined,
    subject: undefined,
    sans: undefined,
    issuer: undefined,
    expiresAt: cert.ExpireTime ? parseChinaTime(cert.ExpireTime) : undefined,
    deployedAt: cert.DeployTime ? parseChinaTime(cert.DeployTime) : undefined,
    ...fromPem(cert.Certificate),
  };
}

/** The `Https` object for UpdateDomainConfig: as read, HTTPS on, with the hosted certificate `certificateId`. */
export function httpsObject(read: Record<string, unknown> | null | undefined, certificateId: string) {
  // SslStatus is Tencent's report of the deployment, not a setting: it is not sent back.
  const { SslStatus: _status, CertInfo: _previous, ...settings } = read ?? {};
  return { ...settings, Switch: 'on', CertInfo: { CertId: certificateId } };
}

export function tencentCertificateOperations(client: TencentClient) {
  return {
    async certificates(): Promise<DomainCertificate[]> {
      const domains: DomainCertificate[] = [];
      for (let offset = 0; ; offset += CONFIG_PAGE) {
        const page = await client.call(
          'DescribeDomainsConfig',
          { Offset: offset, Limit: CONFIG_PAGE },
          HttpsPage,
        );
        const batch = page.Domains ?? [];
        for (const domain of batch) {
          const https = domain.Https?.Switch === 'on';
          domains.push({
            domain: domain.Domain,
            https,
            certificate: https ? toCertificateInfo(domain.Https?.CertInfo) : undefined,
          });
        }
        if (batch.length === 0 || offset + batch.length >= page.TotalNumber) return domains;
      }
    },

    async certificate(id: string): Promise<CertificateInfo | undefined> {
      // An unknown id is Tencent's InvalidParameter.CdnCertInfoNotFound, shown to the user with its code.
      const answer = await client.call('DescribeCertDomains', { CertId: id, Product: 'cdn' }, CertDomains);
      return {
        id,
        name: undefined,
        subject: undefined,
        sans: undefined,
        issuer: undefined,
        expiresAt: undefined,
        matchingDomains: [...(answer.Domains ?? []), ...(answer.CertifiedDomains ?? [])],
      };
    },
  };
}
