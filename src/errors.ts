/**
 * The few error kinds cdnops raises. The `/cdn` dispatcher turns each into a reply; anything else is wrapped as
 * an InternalError before it reaches the user.
 */

/** Bad input: `message` says what was wrong and `hint` how to write it. Never reaches a provider. */
export class UsageError extends Error {
  readonly code = 'usage';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The caller may not do this here: the message names the role or channel that would allow it. */
export class PermissionError extends Error {
  readonly code = 'permission';
  constructor(message: string) {
    super(message);
    this.name = 'PermissionError';
  }
}

/** A provider answered with an error, or could not be reached. */
export class ProviderError extends Error {
  readonly code = 'provider';
  readonly account: string;
  readonly providerCode: string;
  readonly requestId: string | undefined;
  /** Throttling, 5xx, network failures: worth another try later. */
  readonly retryable: boolean;
  /**
   * Whether the provider may have acted on the request. `unknown` when it may have been received: the connection
   * dropped or timed out after the request was written, a gateway error, an answer that could not be read. `no`
   * when the request provably never took effect: it never left (refused connection, DNS, TLS handshake), or the
   * provider answered with a refusal (throttling and every business error). A write that fails `unknown` is never
   * sent again blindly: it is reconciled against the provider's state.
   */
  readonly applied: 'no' | 'unknown';
  /** The failure was ambiguous and the provider was asked afterwards what happened; the message says what it showed. */
  readonly reconciled: boolean;
  readonly httpStatus: number | undefined;

  constructor(init: {
    account: string;
    providerCode: string;
    message: string;
    requestId?: string | undefined;
    retryable?: boolean;
    applied?: 'no' | 'unknown';
    reconciled?: boolean;
    httpStatus?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ProviderError';
    this.account = init.account;
    this.providerCode = init.providerCode;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.applied = init.applied ?? 'no';
    this.reconciled = init.reconciled ?? false;
    this.httpStatus = init.httpStatus;
  }
}

/** A write failed in a way that leaves open whether the provider applied it: ask the provider before saying more. */
export function isAmbiguousFailure(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.applied === 'unknown';
}

/** The operation exists in cdnops but this account's provider does not offer it. */
export class UnsupportedError extends Error {
  readonly code = 'unsupported';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedError';
  }
}

/**
 * The store (its database) cannot be reached: connection refused or dropped, the server shutting down or starting
 * up, a query that timed out. Raised at the store's boundary, so every caller sees this one kind. The message is
 * fixed; `reason` says what happened underneath, for the log only, with no connection string or password in it.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('The cdnops store cannot be reached.', options);
    this.name = 'StoreUnavailableError';
  }
}

/** Anything unexpected, wrapped so the boundary can show a short message with a reference to the logs. */
export class InternalError extends Error {
  readonly code = 'internal';
  constructor(
    message: string,
    readonly reference: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export type CdnopsError =
  | UsageError
  | PermissionError
  | ProviderError
  | UnsupportedError
  | StoreUnavailableError
  | InternalError;

export function isCdnopsError(error: unknown): error is CdnopsError {
  return (
    error instanceof UsageError ||
    error instanceof PermissionError ||
    error instanceof ProviderError ||
    error instanceof UnsupportedError ||
    error instanceof StoreUnavailableError ||
    error instanceof InternalError
  );
}
