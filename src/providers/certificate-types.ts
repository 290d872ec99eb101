/** The shapes of HTTPS certificates and IP/user-agent blocking, shared by every provider (issue 22). */

/** A certificate as the provider describes it; fields the provider does not report are undefined. */
export interface CertificateInfo {
  /** The provider's id (Tencent SSL certificate id, Wangsu certificate-id). */
  id: string;
  name: string | undefined;
  /** The subject's common name. */
  subject: string | undefined;
  /** Subject alternative names (DNS names), as the provider or the certificate lists them. */
  sans: string[] | undefined;
  issuer: string | undefined;
  /** Epoch ms. */
  expiresAt: number | undefined;
  /** Epoch ms the certificate was deployed to the domain, when the provider says. */
  deployedAt?: number | undefined;
  /**
   * The account's CDN domains the provider says this certificate covers (Tencent DescribeCertDomains), for
   * providers that answer that rather than the SANs.
   */
  matchingDomains?: string[] | undefined;
  /** Why subject, SANs and issuer are missing although the provider could report them (e.g. no permission). */
  detailsUnavailable?: string | undefined;
}

/**
 * Certificate details read from a provider's certificate service (Tencent SSL Certificate), by id: what the CDN
 * API leaves out (subject, SANs, issuer). An id that could not be read is in `unavailable` with the reason.
 */
export interface CertificateDetails {
  details: Map<string, CertificateInfo>;
  unavailable: Map<string, string>;
}

/** One domain of an account and what it serves HTTPS with. */
export interface DomainCertificate {
  domain: string;
  /** False: the domain serves no HTTPS. */
  https: boolean;
  certificate: CertificateInfo | undefined;
}

/** A change to the whole-domain deny list of client IPs (and CIDRs) or user-agent patterns. */
export interface BlockChange {
  kind: 'ip' | 'ua';
  action: 'block' | 'unblock';
  values: string[];
}
