/**
 * SSL Certificate `DescribeCertificateDetail` (ssl 2019-12-05, https://cloud.tencent.com/document/product/400/41673):
 * the account's hosted certificate by `CertificateId`. Fields as documented: `Domain` (主域名), `SubjectAltName`
 * (every name, the main one included), `ProductZhName` (颁发者), `CertBeginTime`/`CertEndTime` in GMT+8,
 * `Status` 1 (已通过) or 3 (已过期). An unknown id is `FailedOperation.CertificateNotFound`. Like Tencent, it
 * also returns the private key of an uploaded certificate: a client must not show or log it.
 */
import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { formatBeijingTime } from '../beijing-time.ts';
import { parseParams } from '../parse-params.ts';

const Params = z.strictObject({ CertificateId: z.string() });

/** What the sandbox's uploaded certificates return as their private key: a test can look for it in output. */
export const SANDBOX_PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nSANDBOX-NOT-A-KEY\n-----END PRIVATE KEY-----';

export function describeCertificateDetail(params: unknown, ctx: ActionContext): Record<string, unknown> {
  const { CertificateId } = parseParams(Params, params);
  const certificate = ctx.account.certificates.find((candidate) => candidate.certId === CertificateId);
  if (!certificate) throw new ApiError('FailedOperation.CertificateNotFound', 'Certificate does not exist.');
  const expired = certificate.expiresAt <= ctx.now;
  return {
    OwnerUin: String(ctx.account.appId),
    ProjectId: '0',
    From: 'upload',
    CertificateType: 'SVR',
    PackageType: null,
    ProductZhName: certificate.issuer,
    Domain: certificate.domains[0] ?? null,
    Alias: certificate.certName,
    Status: expired ? 3 : 1,
    StatusName: expired ? '已过期' : '证书已颁发',
    CertBeginTime: formatBeijingTime(certificate.issuedAt),
    CertEndTime: formatBeijingTime(certificate.expiresAt),
    ValidityPeriod: '12',
    InsertTime: formatBeijingTime(certificate.issuedAt),
    CertificateId,
    SubjectAltName: certificate.domains,
    CertificatePrivateKey: SANDBOX_PRIVATE_KEY,
    CertificatePublicKey: null,
    Deployable: true,
    RenewAble: false,
  };
}
