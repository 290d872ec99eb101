/**
 * The one door from the PostgreSQL repositories to the pool: every statement is bounded in time, and every failure
 * that means "the database cannot be reached" leaves as a StoreUnavailableError, whichever repository ran it. Other
 * failures (a constraint, a bug in a statement) pass through unchanged.
 */
import type pg from 'pg';
import { StoreUnavailableError } from '../../errors.ts';

/** A statement that has not answered by then fails (and its connection is dropped) rather than holding a command. */
const QUERY_TIMEOUT_MS = 10_000;

/** What the repositories use of a pool: one statement at a time, each on whichever connection is free. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
    options?: { timeoutMs?: number },
  ): Promise<pg.QueryResult<R>>;
}

/** `secrets`: strings never to appear in a reason (the URL's password, as written and decoded). */
export function guardPool(pool: pg.Pool, secrets: readonly string[]): Queryable {
  return {
    async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
      text: string,
      values?: unknown[],
      options?: { timeoutMs?: number },
    ): Promise<pg.QueryResult<R>> {
      // query_timeout is pg's own, per statement, on the client side: it also ends a wait on a server that stopped
      // answering without closing the connection. (Not in @types/pg's QueryConfig, hence the wider type.)
      const config: pg.QueryConfig & { query_timeout: number } = {
        text,
        ...(values ? { values } : {}),
        query_timeout: options?.timeoutMs ?? QUERY_TIMEOUT_MS,
      };
      try {
        return await pool.query<R>(config);
      } catch (error) {
        throw storeErrorFrom(error, secrets);
      }
    },
  };
}

/** `error` as a StoreUnavailableError when it means the database cannot be reached; otherwise `error` itself. */
export function storeErrorFrom(error: unknown, secrets: readonly string[] = []): unknown {
  if (error instanceof StoreUnavailableError || !isUnreachable(error)) return error;
  return new StoreUnavailableError(describeDatabaseError(error, secrets), { cause: error });
}

/** Socket-level failures: the server is down, restarting, or not reachable over the network. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "not now" rather than "wrong": the server shutting down (57P01 admin_shutdown, 57P02
 * crash_shutdown), starting up or in recovery (57P03 cannot_connect_now), full (53300 too_many_connections), a
 * statement cancelled by a statement_timeout (57014 query_canceled). Class 08 (connection exceptions) is taken whole.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/** pg's and pg-pool's own wording for connections that went away, never came, or timed out. */
const DRIVER_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
];

export function isUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, errors, cause } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08/.test(code))) {
    return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node's connect to a name with several addresses fails with an AggregateError of one error per address.
  if (Array.isArray(errors) && errors.some((inner) => isUnreachable(inner, depth + 1))) return true;
  return cause !== undefined && isUnreachable(cause, depth + 1);
}

/** The error's code and message, for the log: `secrets` replaced by `***`. */
export function describeDatabaseError(error: unknown, secrets: readonly string[] = []): string {
  const { code, message, errors } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  const text =
    typeof message === 'string' && message !== ''
      ? message
      : Array.isArray(errors) && errors.length > 0
        ? errors.map((inner) => describeDatabaseError(inner)).join('; ')
        : String(error);
  let reason = typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  for (const secret of secrets) if (secret.length >= 4) reason = reason.split(secret).join('***');
  return reason;
}
