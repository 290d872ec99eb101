import { ApiError } from './api-error.ts';

/**
 * Both auth failures are HTTP 401, each with the body shape the sources show for its scheme family:
 * AK/SK answers `{"status":0,"result":…}` (certd's observed signature error, reference §1.2/§3); Basic answers the
 * classic `{"code":"AuthenticationFailed","message":…}` (the sources' Basic failures are CDN Pro fixtures).
 */
export function basicAuthFailure(message: string): ApiError {
  return new ApiError(401, { code: 'AuthenticationFailed', message });
}

export function akSkAuthFailure(result: string): ApiError {
  return new ApiError(401, { status: 0, result });
}

/** The observed AK/SK message, also used for an unknown accessKey so the answer does not reveal which it was. */
export const AKSK_SIGNATURE_ERROR = 'authorization is error! please check signature, accessKey!';
