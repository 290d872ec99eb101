/**
 * Certificates in the Wangsu sandbox: the account's uploaded certificates as `POST /api/terraform/certificates`
 * lists them (wangsu-sdk-go ssl/certificate QueryCertificateList: `{code:"0", message:"success", data:[{certificateId,
 * name, comment, shareSsl, certificateValidityFrom/To (CST), relatedDomains[{domainId, domainName}], dnsNames[],
 * certificateSerial, certificateIssuer}]}`), and `PUT /api/config/certificate/batch {certificateId, domainNames[]}`
 * (reference §2.6 [S8]) deploying one to domains, asynchronously like every config write (202 +
 * x-cnc-request-id). Wangsu publishes no error-code table (reference §3): the sandbox answers an unknown
 * certificate 404 `NoSuchCertificate` and one whose dnsNames do not cover a domain 400 `CertificateDomainMismatch`,
 * its own names, so tests can tell the two apart.
 */
import { z } from 'zod';
import { classicError } from './api-error.ts';
import { submitAsyncRequest } from './async-requests.ts';
import { requireDomain } from './find-domain.ts';
import { requireNoPendingChange } from './routes/change-domain-state.ts';
import { parseClassicBody } from './routes/parse-body.ts';
import { acceptedReply, type RouteContext, type RouteReply } from './routes/route-context.ts';
import type { WangsuDomainState } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const CST_MS = 8 * 60 * 60 * 1000;

/** A certificate uploaded to the account, as a test or the demo seeds it. */
export interface WangsuSandboxCertificate {
  certificateId: string;
  name?: string;
  /** The DNS names it covers; `*.` wildcards match one label. */
  dnsNames: string[];
  issuer?: string;
  /** Days from the sandbox's start until it expires (default 365). */
  expiresInDays?: number;
  /** Domains (names) that use it from the start. */
  domains?: string[];
}

export interface WangsuCertificateState {
  certificateId: string;
  name: string;
  dnsNames: string[];
  issuer: string;
  validFrom: number;
  validTo: number;
  /** Domain names using it. */
  domains: Set<string>;
}

export function createWangsuCertificate(
  seed: WangsuSandboxCertificate,
  nowMs: number,
): WangsuCertificateState {
  return {
    certificateId: seed.certificateId,
    name: seed.name ?? seed.dnsNames[0] ?? seed.certificateId,
    dnsNames: seed.dnsNames.map((name) => name.toLowerCase()),
    issuer: seed.issuer ?? 'Sandbox CA',
    validFrom: nowMs - 30 * DAY_MS,
    validTo: nowMs + (seed.expiresInDays ?? 365) * DAY_MS,
    domains: new Set((seed.domains ?? []).map((name) => name.toLowerCase())),
  };
}

function cst(epochMs: number): string {
  return new Date(epochMs + CST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function covers(certificate: WangsuCertificateState, domain: string): boolean {
  return certificate.dnsNames.some(
    (name) =>
      name === domain || (name.startsWith('*.') && domain.slice(domain.indexOf('.') + 1) === name.slice(2)),
  );
}

/** `POST /api/terraform/certificates`: every certificate (or those named `name`), with the domains using it. */
export function listCertificates(ctx: RouteContext): RouteReply {
  const { name } = parseClassicBody(ctx, z.object({ name: z.string().optional() }).loose());
  const domainsByName = new Map(ctx.account.domains.map((domain) => [domain.domainName, domain]));
  return {
    status: 200,
    body: {
      code: '0',
      message: 'success',
      data: ctx.account.certificates
        .filter((certificate) => name === undefined || certificate.name === name)
        .map((certificate) => ({
          certificateId: Number(certificate.certificateId),
          name: certificate.name,
          comment: '',
          shareSsl: 'false',
          certificateValidityFrom: cst(certificate.validFrom),
          certificateValidityTo: cst(certificate.validTo),
          relatedDomains: [...certificate.domains]
            .map((domain) => domainsByName.get(domain))
            .filter((domain): domain is WangsuDomainState => domain !== undefined)
            .map((domain) => ({ domainId: Number(domain.domainId), domainName: domain.domainName })),
          dnsNames: certificate.dnsNames,
          certificateSerial: certificate.certificateId.padStart(16, '0'),
          certificateIssuer: certificate.issuer,
        })),
    },
  };
}

const BatchBody = z.strictObject({
  certificateId: z.union([z.string(), z.int().transform(String)]),
  domainNames: z.array(z.string()).min(1),
});

/** `PUT /api/config/certificate/batch`: deploys the certificate to every named domain, or refuses them all. */
export function deployCertificate(ctx: RouteContext): RouteReply {
  const { certificateId, domainNames } = parseClassicBody(ctx, BatchBody);
  const certificate = ctx.account.certificates.find((candidate) => candidate.certificateId === certificateId);
  if (!certificate) {
    throw classicError(
      404,
      'NoSuchCertificate',
      `Certificate ${certificateId} does not exist in this account.`,
    );
  }
  const domains = domainNames.map((name) => requireDomain(ctx.account, name));
  for (const domain of domains) {
    if (!covers(certificate, domain.domainName)) {
      throw classicError(
        400,
        'CertificateDomainMismatch',
        `Certificate ${certificateId} (${certificate.dnsNames.join(', ')}) does not cover ${domain.domainName}.`,
      );
    }
    if (!domain.enabled) {
      throw classicError(
        400,
        'DomainDisabled',
        `Domain ${domain.domainName} is disabled and cannot be modified.`,
      );
    }
    requireNoPendingChange(ctx.account, domain, true);
  }
  for (const domain of domains) {
    for (const other of ctx.account.certificates) other.domains.delete(domain.domainName);
    certificate.domains.add(domain.domainName);
    domain.lastModifiedAt = ctx.now;
    submitAsyncRequest(ctx.state, ctx.account, {
      requestId: ctx.requestId,
      kind: 'certificate',
      domain,
      nowMs: ctx.now,
    });
  }
  return acceptedReply(`${ctx.baseUrl}/api/config/certificate/batch`);
}

/** The certificate a domain serves, for `GET /api/domain/{domain}`'s `ssl`. */
export function sslOf(certificates: readonly WangsuCertificateState[], domain: string) {
  const used = certificates.find((certificate) => certificate.domains.has(domain));
  return {
    'use-ssl': used ? 'true' : 'false',
    'use-for-sni': used ? 'true' : 'false',
    'ssl-certificate-id': used?.certificateId ?? '',
  };
}
