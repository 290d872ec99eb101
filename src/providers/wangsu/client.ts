/**
 * Transport for Wangsu's open API: authenticates each request with the account's scheme (API-key Basic over the
 * Date header, or CNC-HMAC-SHA256 with an AccessKey), paces the whole account under Wangsu's budget (300 calls per
 * 5 minutes) with few requests in flight, retries throttling (HTTP 446), 5xx and network failures (writes only
 * when Wangsu provably did not act: request-effect.ts), and turns error bodies into ProviderErrors carrying Wangsu's
 * code, message and x-cnc-request-id.
 */
import { type Dispatcher, request } from 'undici';
import type * as z from 'zod';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { BudgetRepository } from '../../store/store.ts';
import { createSemaphore } from '../../util/semaphore.ts';
import { noteProviderCall } from '../call-count.ts';
import { createPacer } from '../create-pacer.ts';
import { type CallNote, observeProviderCalls } from '../observe-calls.ts';
import { mayRetry, neverSent, type RequestEffect } from '../request-effect.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from '../with-retry.ts';
import type { WangsuAccount } from './account.ts';
import { errorFromBody, THROTTLE_CODE, THROTTLE_STATUS } from './errors.ts';
import { basicAuthorization, rfc1123Date, signAkSk } from './sign.ts';

/** Below Wangsu's 300 per 5 minutes, leaving room for the console and other tools on the same account. */
const BUDGET = { limit: 240, windowMs: 5 * 60_000 };
/** Shared by replicas: a burst of 120, then one call every 2 s: at most 270 in any 5 minutes. */
const BUCKET = { capacity: 120, refillPerSecond: 0.5 };
/** Wangsu reports throttling when more than about 10 requests run at once (reference §3). */
const MAX_IN_FLIGHT = 4;
/** After a 446, wait long enough for the account's window to move (reference: 30 s to 1 min). */
const THROTTLE_BACKOFF_MS = 30_000;

export interface WangsuClientOptions {
  accountId: string;
  account: WangsuAccount;
  clock: Clock;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  random?: (() => number) | undefined;
  budgets?: BudgetRepository | undefined;
  metrics?: Metrics | undefined;
}

export interface WangsuRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /**
   * GET is a read; any other method is a write unless it says `read` here (Wangsu sends several queries as POST,
   * e.g. /ccm/purge/ItemIdQuery and the reports). A write is retried only when Wangsu provably did not act on it.
   */
  effect?: RequestEffect;
}

function effectOf(req: WangsuRequest): RequestEffect {
  return req.effect ?? (req.method === 'GET' ? 'read' : 'write');
}

export interface WangsuResponse<T> {
  status: number;
  data: T;
  requestId: string | undefined;
}

export interface WangsuClient {
  /** A request whose answer is JSON validated by `schema`. */
  json<S extends z.ZodType>(req: WangsuRequest, schema: S): Promise<WangsuResponse<z.infer<S>>>;
  /** A request Wangsu accepts for later (HTTP 202): resolves with the x-cnc-request-id to follow. */
  accepted(req: WangsuRequest): Promise<{ requestId: string | undefined }>;
}

export function createWangsuClient(options: WangsuClientOptions): WangsuClient {
  const { accountId, account, clock, logger } = options;
  const endpoint = new URL(account.endpoint);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const limiter = createPacer({
    budgets: options.budgets,
    clock,
    scope: `wangsu/${accountId}`,
    bucket: BUCKET,
    window: BUDGET,
  });
  const inFlight = createSemaphore(MAX_IN_FLIGHT);
  const calls = observeProviderCalls({
    provider: 'wangsu',
    account: accountId,
    logger,
    metrics: options.metrics,
    isThrottle: (error) => error.httpStatus === THROTTLE_STATUS || error.httpStatus === 429,
  });

  function authHeaders(
    req: WangsuRequest,
    path: string,
    query: string,
    body: string,
  ): Record<string, string> {
    if (account.accessKey && account.secretKey) {
      return signAkSk({
        accessKey: account.accessKey,
        secretKey: account.secretKey,
        method: req.method,
        path,
        // The AK/SK canonical query is empty for POST even when a query string is sent (reference §1.2).
        query: req.method === 'POST' ? '' : decodeURIComponent(query),
        host: endpoint.host,
        contentType: 'application/json',
        body,
        timestamp: Math.floor(clock.now() / 1000),
      });
    }
    const date = rfc1123Date(clock.now());
    return { date, authorization: basicAuthorization(account.username ?? '', account.apiKey ?? '', date) };
  }

  async function send(
    req: WangsuRequest,
    note: CallNote,
  ): Promise<{ status: number; text: string; requestId: string | undefined }> {
    const query = req.query ? new URLSearchParams(req.query).toString() : '';
    const url = new URL(`${req.path}${query ? `?${query}` : ''}`, endpoint);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const permit = await limiter.acquire('account');
    noteProviderCall(accountId, req.path);
    return inFlight.run(async () => {
      try {
        note.sending();
        const response = await request(url, {
          method: req.method,
          dispatcher: options.dispatcher,
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            host: endpoint.host,
            ...authHeaders(req, url.pathname, query, body),
          },
          ...(body ? { body } : {}),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const requestId = response.headers['x-cnc-request-id'];
        return {
          status: response.statusCode,
          text: await response.body.text(),
          requestId: typeof requestId === 'string' ? requestId : undefined,
        };
      } catch (error) {
        throw new ProviderError({
          account: accountId,
          providerCode: error instanceof Error && error.name === 'TimeoutError' ? 'Timeout' : 'NetworkError',
          message: `could not reach ${endpoint.host}: ${error instanceof Error ? error.message : String(error)}`,
          retryable: true,
          applied: neverSent(error) ? 'no' : 'unknown',
        });
      } finally {
        permit.release();
      }
    });
  }

  async function attempt(req: WangsuRequest, note: CallNote) {
    const response = await send(req, note);
    note.httpStatus = response.status;
    note.requestId = response.requestId;
    if (response.status < 200 || response.status >= 300) {
      throw errorFromBody({
        account: accountId,
        status: response.status,
        body: response.text,
        requestId: response.requestId,
      });
    }
    return response;
  }

  function withRetries<T>(req: WangsuRequest, run: (note: CallNote) => Promise<T>): Promise<T> {
    const action = actionLabel(req);
    return withRetry(() => calls.observe(action, run), {
      policy: options.retry ?? DEFAULT_RETRY_POLICY,
      clock,
      random: options.random,
      isRetryable: (error) => mayRetry(effectOf(req), error),
      minDelayMs: (error) =>
        error instanceof ProviderError && error.providerCode === THROTTLE_CODE ? THROTTLE_BACKOFF_MS : 0,
      onRetry: (error, attemptNumber, delayMs) => {
        calls.retried(action);
        logger.warn('wangsu call failed, retrying', {
          account: accountId,
          method: req.method,
          path: req.path,
          attempt: attemptNumber,
          delayMs,
          code: error instanceof ProviderError ? error.providerCode : 'unknown',
          requestId: error instanceof ProviderError ? error.requestId : undefined,
        });
      },
    });
  }

  return {
    json(req, schema) {
      return withRetries(req, async (note) => {
        const response = await attempt(req, note);
        let json: unknown;
        try {
          json = JSON.parse(response.text);
        } catch {
          throw new ProviderError({
            account: accountId,
            providerCode: 'MalformedResponse',
            message: `${req.method} ${req.path} answered with something that is not JSON`,
            requestId: response.requestId,
            retryable: true,
            // Wangsu answered 2xx: a write most likely took effect.
            applied: 'unknown',
          });
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ProviderError({
            account: accountId,
            providerCode: 'UnexpectedResponse',
            message: `${req.method} ${req.path} answered in a shape cdnops does not understand: ${issue?.path.join('.')} ${issue?.message}`,
            requestId: response.requestId,
            applied: 'unknown',
          });
        }
        return { status: response.status, data: parsed.data, requestId: response.requestId };
      });
    },
    accepted(req) {
      return withRetries(req, async (note) => {
        const response = await attempt(req, note);
        return { requestId: response.requestId };
      });
    },
  };
}

/**
 * The metric label for a request: its method and path with the parts that name one thing (a domain, a numeric id, a
 * request id) replaced, so a label names an API rather than every domain ever asked about.
 */
export function actionLabel(req: Pick<WangsuRequest, 'method' | 'path'>): string {
  const path = req.path
    .split('/')
    .map((part) => (/[.%]|^\d+$|^[0-9a-f-]{16,}$/i.test(part) ? ':id' : part))
    .join('/');
  return `${req.method} ${path}`;
}
