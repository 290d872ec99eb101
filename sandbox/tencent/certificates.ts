/**
 * HTTPS in the sandbox: the account's hosted certificates (what Tencent's SSL certificate service holds), the
 * `Https` object DescribeDomainsConfig shows (CertInfo is a ServerCert: CertId, CertName, ExpireTime, DeployTime;
 * the PEM is not returned for a hosted certificate), UpdateDomainConfig's `Https` switching a domain to a hosted
 * certificate by `CertInfo.CertId`, and DescribeCertDomains (tencent-cdn.md §4). An unknown CertId and a
 * certificate whose names do not cover the domain are both `InvalidParameter.CdnCertInfoNotFound` ("证书信息不存在
 * 或非法", the code UpdateDomainConfig documents for certificate information).
 */
import { z } from 'zod';
import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import { formatBeijingTime } from './beijing-time.ts';
import { parseParams } from './parse-params.ts';
import type { DomainState } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate uploaded to (or issued by) Tencent Cloud SSL, as a test or the demo seeds it. */
export interface SandboxCertificate {
  certId: string;
  certName?: string;
  /** The DNS names it covers (SANs); `*.` wildcards match one label. */
  domains: string[];
  /** Days from the sandbox's start until it expires (default 365). */
  expiresInDays?: number;
  /** What the SSL service reports as `ProductZhName` (颁发者); default `TrustAsia RSA DV TLS CA G2`. */
  issuer?: string;
}

export interface CertificateState {
  certId: string;
  certName: string;
  domains: string[];
  issuer: string;
  issuedAt: number;
  expiresAt: number;
}

/** A domain's HTTPS: off, or on with a hosted certificate deployed at `deployedAt`. */
export interface HttpsState {
  Switch: 'on' | 'off';
  certId: string | null;
  deployedAt: number | null;
  Http2: 'on' | 'off';
}

export function createCertificateState(seed: SandboxCertificate, nowMs: number): CertificateState {
  return {
    certId: seed.certId,
    certName: seed.certName ?? seed.domains[0] ?? seed.certId,
    domains: seed.domains.map((name) => name.toLowerCase()),
    issuer: seed.issuer ?? 'TrustAsia RSA DV TLS CA G2',
    issuedAt: nowMs + ((seed.expiresInDays ?? 365) - 365) * DAY_MS,
    expiresAt: nowMs + (seed.expiresInDays ?? 365) * DAY_MS,
  };
}

export function covers(certificate: CertificateState, domain: string): boolean {
  return certificate.domains.some(
    (name) =>
      name === domain || (name.startsWith('*.') && domain.slice(domain.indexOf('.') + 1) === name.slice(2)),
  );
}

function notFound(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnCertInfoNotFound', message);
}

/** DescribeDomainsConfig's `Https` for a domain. */
export function httpsView(
  domain: DomainState,
  certificates: readonly CertificateState[],
): Record<string, unknown> {
  const https = domain.https;
  const certificate = certificates.find((candidate) => candidate.certId === https.certId);
  return {
    Switch: https.Switch,
    Http2: https.Http2,
    OcspStapling: 'off',
    VerifyClient: 'off',
    Spdy: 'off',
    SslStatus: https.Switch === 'on' ? 'deployed' : 'closed',
    CertInfo:
      https.Switch === 'on' && certificate
        ? {
            CertId: certificate.certId,
            CertName: certificate.certName,
            ExpireTime: formatBeijingTime(certificate.expiresAt),
            DeployTime: https.deployedAt === null ? null : formatBeijingTime(https.deployedAt),
            Certificate: null,
            From: 'ssl',
          }
        : null,
  };
}

const OnOff = z.enum(['on', 'off']);

/** What UpdateDomainConfig takes as `Https` (the fields DescribeDomainsConfig shows, minus the SslStatus report). */
export const HttpsInput = z.strictObject({
  Switch: OnOff,
  Http2: OnOff.nullish(),
  OcspStapling: OnOff.nullish(),
  VerifyClient: OnOff.nullish(),
  Spdy: OnOff.nullish(),
  CertInfo: z
    .strictObject({
      CertId: z.string().nullish(),
      CertName: z.string().nullish(),
      Certificate: z.string().nullish(),
      PrivateKey: z.string().nullish(),
      ExpireTime: z.string().nullish(),
      DeployTime: z.string().nullish(),
      Message: z.string().nullish(),
      From: z.string().nullish(),
    })
    .nullish(),
});
export type HttpsInput = z.infer<typeof HttpsInput>;

/** `Https`: on needs a hosted certificate that exists and covers the domain; omitted sub-fields go back to off. */
export function resolveHttps(
  input: HttpsInput,
  domain: DomainState,
  certificates: readonly CertificateState[],
  nowMs: number,
): Pick<DomainState, 'https'> {
  if (input.Switch === 'off') {
    return { https: { Switch: 'off', certId: null, deployedAt: null, Http2: 'off' } };
  }
  const certId = input.CertInfo?.CertId;
  if (!certId) {
    throw notFound('Https.Switch on needs CertInfo.CertId (the sandbox hosts certificates only).');
  }
  const certificate = certificates.find((candidate) => candidate.certId === certId);
  if (!certificate) throw notFound(`Certificate ${certId} does not exist or is not valid.`);
  if (!covers(certificate, domain.domain)) {
    throw notFound(
      `Certificate ${certId} (${certificate.domains.join(', ')}) does not match the domain ${domain.domain}.`,
    );
  }
  const same = domain.https.Switch === 'on' && domain.https.certId === certId;
  return {
    https: {
      Switch: 'on',
      certId,
      deployedAt: same ? domain.https.deployedAt : nowMs,
      Http2: input.Http2 ?? 'off',
    },
  };
}

const CertDomainsParams = z.strictObject({
  Cert: z.string().optional(),
  CertId: z.string().optional(),
  Product: z.enum(['cdn', 'ecdn']).optional(),
});

/** DescribeCertDomains by CertId: the account's domains the certificate matches, and those configured with it. */
export function describeCertDomains(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { Cert, CertId } = parseParams(CertDomainsParams, params);
  if (!CertId) {
    throw new ApiError(
      'InvalidParameter.CdnParamError',
      Cert ? 'The sandbox matches hosted certificates only; pass CertId.' : 'Cert or CertId is required.',
    );
  }
  const certificate = ctx.account.certificates.find((candidate) => candidate.certId === CertId);
  if (!certificate) throw notFound(`Certificate ${CertId} does not exist or is not valid.`);
  const matching = ctx.account.domains.filter((domain) => covers(certificate, domain.domain));
  return {
    Domains: matching.filter((domain) => domain.https.certId !== CertId).map((domain) => domain.domain),
    CertifiedDomains: matching
      .filter((domain) => domain.https.Switch === 'on' && domain.https.certId === CertId)
      .map((domain) => domain.domain),
  };
}
