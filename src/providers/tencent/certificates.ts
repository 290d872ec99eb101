/**
 * HTTPS certificates on Tencent: what each domain serves (DescribeDomainsConfig `Https.CertInfo`, a ServerCert:
 * CertId, CertName, ExpireTime, DeployTime, Certificate when Tencent returns the PEM), what a hosted certificate
 * is (the SSL Certificate service's DescribeCertificateDetail: Domain, SubjectAltName, ProductZhName as issuer,
 * CertEndTime), which CDN domains a hosted certificate matches (DescribeCertDomains, tencent-cdn.md §4, the
 * fallback when the key may not read the SSL service), and the `Https` object that switches a domain to another
 * hosted certificate by `CertInfo.CertId`.
 */
import { X509Certificate } from 'node:crypto';
import * as z from 'zod';
import { ProviderError } from '../../errors.ts';
import { parseChinaTime } from '../china-time.ts';
import type { CertificateDetails, CertificateInfo, DomainCertificate } from '../types.ts';
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

/**
 * DescribeCertificateDetail (ssl 2019-12-05, https://cloud.tencent.com/document/product/400/41673): only what
 * cdnops shows. Naming the fields also drops the rest, CertificatePrivateKey among them, at the door.
 */
const CertificateDetail = z.object({
  Domain: z.string().nullish(),
  /** "证书包含的多个域名（包含主域名）". */
  SubjectAltName: z.array(z.string()).nullish(),
  /** "颁发者". */
  ProductZhName: z.string().nullish(),
  Alias: z.string().nullish(),
  /** GMT+8, `YYYY-MM-DD HH:mm:ss`. */
  CertEndTime: z.string().nullish(),
  CertificatePublicKey: z.string().nullish(),
});

/**
 * CAM refusals: the key may not call the SSL service at all, so no other certificate will read either. A
 * project-scoped `FailedOperation.NoProjectPermission` is about one certificate and stays per certificate.
 */
const NOT_ALLOWED = new Set([
  'UnauthorizedOperation',
  'AuthFailure.UnauthorizedOperation',
  'FailedOperation.AuthError',
]);

export function isSslPermissionDenied(error: unknown): error is ProviderError {
  return (
    error instanceof ProviderError &&
    (NOT_ALLOWED.has(error.providerCode) || error.providerCode.startsWith('UnauthorizedOperation.'))
  );
}

/** `AuthFailure.UnauthorizedOperation: … (request 0a1b…)`, and what to grant when the key may not read. */
function reasonOf(error: ProviderError): string {
  const grant = isSslPermissionDenied(error)
    ? ' — grant this key `ssl:DescribeCertificateDetail` in CAM to see subject, SANs and issuer'
    : '';
  return `${error.providerCode}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}${grant}`;
}

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

function fromDetail(id: string, detail: z.infer<typeof CertificateDetail>): CertificateInfo {
  const pem = fromPem(detail.CertificatePublicKey);
  const names = [...new Set([detail.Domain, ...(detail.SubjectAltName ?? [])].filter((name) => !!name))];
  return {
    id,
    name: detail.Alias || undefined,
    subject: detail.Domain || pem.subject,
    sans: names.length > 0 ? (names as string[]) : pem.sans,
    issuer: detail.ProductZhName || pem.issuer,
    expiresAt: detail.CertEndTime ? parseChinaTime(detail.CertEndTime) : undefined,
  };
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
  const describe = async (id: string) =>
    fromDetail(id, await client.call('DescribeCertificateDetail', { CertificateId: id }, CertificateDetail));

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

    async certificateDetails(ids: readonly string[]): Promise<CertificateDetails> {
      const result: CertificateDetails = { details: new Map(), unavailable: new Map() };
      let denied: string | undefined;
      const readOne = async (id: string) => {
        if (denied !== undefined) {
          result.unavailable.set(id, denied);
          return;
        }
        try {
          result.details.set(id, await describe(id));
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          if (isSslPermissionDenied(error)) denied = reasonOf(error);
          result.unavailable.set(id, reasonOf(error));
        }
      };
      const [first, ...rest] = [...new Set(ids)].filter((id) => id !== '');
      // The first alone: a key without SSL permission then costs one refused call, not one per certificate.
      if (first !== undefined) await readOne(first);
      await Promise.all(rest.map(readOne));
      return result;
    },

    async certificate(id: string): Promise<CertificateInfo | undefined> {
      try {
        // An unknown id is the SSL service's FailedOperation.CertificateNotFound, shown with its code as it is.
        return await describe(id);
      } catch (error) {
        if (!isSslPermissionDenied(error)) throw error;
        // Without SSL permission, the CDN API still says which domains the certificate matches, not its expiry.
        const answer = await client.call('DescribeCertDomains', { CertId: id, Product: 'cdn' }, CertDomains);
        return {
          id,
          name: undefined,
          subject: undefined,
          sans: undefined,
          issuer: undefined,
          expiresAt: undefined,
          matchingDomains: [...(answer.Domains ?? []), ...(answer.CertifiedDomains ?? [])],
          detailsUnavailable: reasonOf(error),
        };
      }
    },
  };
}
