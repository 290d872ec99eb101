/**
 * A Tencent API 3.0 business error, thrown anywhere below the request handler and answered as
 * `{"Response":{"Error":{"Code","Message"},"RequestId"}}` with HTTP 200, as Tencent does.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
