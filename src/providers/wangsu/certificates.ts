/**
 * HTTPS certificates on Wangsu: the account's certificates with their DNS names, issuer, validity and the domains
 * using each (`POST /api/terraform/certificates`, wangsu-sdk-go ssl/certificate QueryCertificateList: `{code:"0",
 * message, data:[{certificateId, name, certificateValidityFrom/To (CST), relatedDomains[{domainId, domainName}],
 * dnsNames[], certificateIssuer, …}]}`), and deploying one to a domain (`PUT /api/config/certificate/batch`
 * `{certificateId, domainNames[]}`, reference §2.6 [S8]).
 */
import * as z from 'zod';
import { ProviderError } from '../../errors.ts';
import { parseChinaTime } from '../china-time.ts';
import type { CertificateInfo, DomainCertificate } from '../types.ts';
import type { WangsuClient } from './client.ts';
import { Text } from './schema.ts';

const Certificate = z
  .object({
    certificateId: Text,
    name: z.string().nullish(),
    certificateValidityFrom: z.string().nullish(),
    certificateValidityTo: z.string().nullish(),
    relatedDomains: z.array(z.object({ domainId: Text.nullish(), domainName: z.string() }).loose()).nullish(),
    dnsNames: z.array(z.string()).nullish(),
    certificateIssuer: z.string().nullish(),
  })
  .loose();
type Certificate = z.infer<typeof Certificate>;

const CertificateList = z.object({
  code: Text,
  message: z.string().nullish(),
  data: z.array(Certificate).nullish(),
});

function toInfo(certificate: Certificate): CertificateInfo {
  const dnsNames = certificate.dnsNames ?? [];
  return {
    id: certificate.certificateId,
    name: certificate.name ?? undefined,
    subject: dnsNames[0],
    sans: dnsNames,
    issuer: certificate.certificateIssuer ?? undefined,
    expiresAt: certificate.certificateValidityTo
      ? parseChinaTime(certificate.certificateValidityTo)
      : undefined,
  };
}

export function wangsuCertificateOperations(
  accountId: string,
  client: WangsuClient,
  listDomainNames: () => Promise<string[]>,
) {
  async function list(): Promise<Certificate[]> {
    const { data, requestId } = await client.json(
      { method: 'POST', effect: 'read', path: '/api/terraform/certificates', body: {} },
      CertificateList,
    );
    if (data.code !== '0') {
      throw new ProviderError({
        account: accountId,
        providerCode: data.code,
        message: data.message || 'Wangsu refused to list certificates',
        requestId,
      });
    }
    return data.data ?? [];
  }

  return {
    async certificates(): Promise<DomainCertificate[]> {
      const [names, certificates] = await Promise.all([listDomainNames(), list()]);
      return names.map((domain) => {
        const used = certificates.find((certificate) =>
          (certificate.relatedDomains ?? []).some((related) => related.domainName === domain),
        );
        return { domain, https: used !== undefined, certificate: used ? toInfo(used) : undefined };
      });
    },

    async certificate(id: string): Promise<CertificateInfo | undefined> {
      const found = (await list()).find((certificate) => certificate.certificateId === id);
      return found ? toInfo(found) : undefined;
    },

    /** The certificate a domain uses now, by id, for reading a lost deployment back. */
    async certificateIdOf(domain: string): Promise<string | undefined> {
      return (await list()).find((certificate) =>
        (certificate.relatedDomains ?? []).some((related) => related.domainName === domain),
      )?.certificateId;
    },
  };
}
