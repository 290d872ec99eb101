import { ProviderError } from '../../errors.ts';

/**
 * Codes worth another try with backoff: throttling, Tencent-side failures and "domain busy". Everything else
 * (auth, parameters, quota) will fail the same way again. Source: tencent-cdn.md §2.5, §2.6; the SSL Certificate
 * service throttles with `LimitExceeded.RateLimitExceeded` (its DescribeCertificateDetail error list).
 */
const RETRYABLE_PREFIXES = ['RequestLimitExceeded', 'InternalError', 'ServiceUnavailable'] as const;
const RETRYABLE_CODES = new Set(['ResourceInUse.CdnOpInProgress', 'LimitExceeded.RateLimitExceeded']);

export function isRetryableTencentCode(code: string): boolean {
  return RETRYABLE_CODES.has(code) || RETRYABLE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

/** What to do about the codes people hit most; shown under the provider's own message. */
const HINTS: Readonly<Record<string, string>> = {
  'AuthFailure.SignatureFailure': 'The secretKey configured for this account does not match its secretId.',
  'AuthFailure.SecretIdNotFound': 'The secretId is unknown to Tencent Cloud: deleted, disabled, or mistyped.',
  'AuthFailure.SignatureExpire': "This machine's clock is more than 5 minutes off; enable NTP.",
  'AuthFailure.UnauthorizedOperation':
    'The CAM policy of this key does not allow the action; grant cdn:* or the action.',
  'UnauthorizedOperation.CdnCamUnauthorized': 'The sub-account lacks a CAM policy for CDN.',
  'UnauthorizedOperation.CdnHostUnauthorized': 'The sub-account is not authorised for this domain.',
  'ResourceNotFound.CdnHostNotExists': 'The domain is not in this Tencent Cloud account.',
  'ResourceInUse.CdnOpInProgress': 'The domain is being changed; try again in a few minutes.',
  'ResourceUnavailable.CdnHostIsNotOffline':
    'Only a stopped domain can be deleted; stop it first with `/cdn offline`.',
  'ResourceUnavailable.CdnHostIsNotOnline': 'The domain is not online; start it with `/cdn online` first.',
  'LimitExceeded.CdnPurgeUrlExceedDayLimit':
    "Today's URL purge quota is used up; `/cdn quota` shows what is left.",
  'LimitExceeded.CdnPurgePathExceedDayLimit':
    "Today's directory purge quota is used up; `/cdn quota` shows what is left.",
  'LimitExceeded.CdnPushExceedDayLimit':
    "Today's prefetch quota is used up; `/cdn quota` shows what is left.",
  'InvalidParameter.CdnPurgeWildcardNotAllowed':
    'Wildcard domains cannot be purged; purge concrete hostnames.',
  'FailedOperation.CertificateNotFound':
    'No certificate with this id in the account’s SSL Certificates; copy the id from the SSL console.',
  'OperationDenied.UserMigrating': 'The account is being migrated to EdgeOne; changes are refused meanwhile.',
};

export function tencentHint(code: string): string | undefined {
  return HINTS[code];
}

export function tencentError(init: {
  account: string;
  code: string;
  message: string;
  requestId?: string | undefined;
  httpStatus?: number;
}): ProviderError {
  return new ProviderError({
    account: init.account,
    providerCode: init.code,
    message: init.message,
    requestId: init.requestId,
    retryable: isRetryableTencentCode(init.code),
    // Every code is a refusal except a failure inside Tencent, which may come after the action ran.
    applied: init.code.startsWith('InternalError') ? 'unknown' : 'no',
    httpStatus: init.httpStatus,
  });
}
