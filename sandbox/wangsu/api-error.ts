/**
 * A refusal, thrown anywhere below the request handler and answered with `status` and `body` as is (plus the
 * `x-cnc-request-id` header every answer carries). Wangsu's API families disagree on the error body, so the
 * helpers below build the one each family uses (reference §3).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.Message ?? body.result ?? status));
    this.name = 'ApiError';
  }
}

/** Classic `/api/*` APIs: a non-2xx status with `{"code","message"}`. */
export function classicError(status: number, code: string, message: string): ApiError {
  return new ApiError(status, { code, message });
}

/** The content API (`/ccm/*`): HTTP 200 with `{"Code":0,"Message"}`, capitalised keys. */
export function ccmFailure(message: string): ApiError {
  return new ApiError(200, { Code: 0, Message: message });
}
