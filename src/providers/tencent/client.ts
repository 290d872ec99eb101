/**
 * Transport for Tencent Cloud API 3.0: signs each request (TC3-HMAC-SHA256, fresh timestamp per attempt), sends
 * it over undici, validates the answer with a zod schema, and turns `Response.Error` into a ProviderError that
 * keeps Tencent's code, message and RequestId. Retries what is worth retrying; paces each action under its
 * service's limit (CDN 20 requests/s, SSL Certificate 10 requests/s). Each action belongs to one service (its
 * endpoint, TC3 service name and API version): CDN, or SSL Certificate for certificate details.
 */
import { type Dispatcher, request } from 'undici';
import type * as z from 'zod';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { BudgetRepository, CallWindow } from '../../store/store.ts';
import { nextTurn } from '../../util/one-per-turn.ts';
import { noteProviderCall } from '../call-count.ts';
import { createPacer } from '../create-pacer.ts';
import { type CallNote, observeProviderCalls } from '../observe-calls.ts';
import { mayRetry, neverSent, type RequestEffect, statusProvesNotApplied } from '../request-effect.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from '../with-retry.ts';
import { sslEndpoint, type TencentAccount } from './account.ts';
import { ACTION_LIMITS } from './action-limits.ts';
import { tencentError } from './errors.ts';
import { Envelope } from './schema.ts';
import { signTc3 } from './sign.ts';

/** A Tencent Cloud service cdnops calls: TC3 service name, API version and its per-action limit a second. */
interface TencentService {
  service: string;
  version: string;
  callsPerSecond: number;
}

const SERVICES = {
  /** The TC3 service stays `cdn` even on cdn.intl.tencentcloudapi.com (tencent-cdn.md §2.1). */
  cdn: { service: 'cdn', version: '2018-06-06', callsPerSecond: 20 },
  /**
   * SSL Certificate (ssl.tencentcloudapi.com, 2019-12-05): DescribeCertificateDetail documents "默认接口请求频率
   * 限制：10次/秒" (https://cloud.tencent.com/document/product/400/41673).
   */
  ssl: { service: 'ssl', version: '2019-12-05', callsPerSecond: 10 },
} as const satisfies Record<string, TencentService>;
/**
 * Replicas compare each other's times in the store, so a clock ahead of another's could count a call out of the
 * window early; the margin covers NTP-kept skew between replicas, and only their calls carry it (a replica reads
 * its own on the clock that wrote them). Network delay needs none: a call counts until a window after its answer
 * (create-pacer.ts), and Tencent saw it before that.
 */
const CLOCK_SKEW_MARGIN_MS = 20;
const WINDOW_MS = 1_000;

/**
 * Every action cdnops sends, with its effect: reads are retried on any retryable failure, writes only when the
 * failure proves Tencent never acted on them (see request-effect.ts). A new action must be placed here to be sent.
 */
export const TENCENT_ACTIONS = {
  DescribeDomains: 'read',
  DescribeDomainsConfig: 'read',
  DescribePurgeQuota: 'read',
  DescribePushQuota: 'read',
  DescribePurgeTasks: 'read',
  DescribePushTasks: 'read',
  DescribeCdnData: 'read',
  DescribeCdnDomainLogs: 'read',
  ListTopData: 'read',
  DescribeCertDomains: 'read',
  PurgeUrlsCache: 'write',
  PurgePathCache: 'write',
  PushUrlsCache: 'write',
  StartCdnDomain: 'write',
  StopCdnDomain: 'write',
  DeleteCdnDomain: 'write',
  AddCdnDomain: 'write',
  UpdateDomainConfig: 'write',
  DescribeCdnIp: 'read',
} as const satisfies Record<string, RequestEffect>;

/** Actions of the SSL Certificate service, sent to the account's SSL endpoint and signed for service `ssl`. */
export const TENCENT_SSL_ACTIONS = {
  DescribeCertificateDetail: 'read',
} as const satisfies Record<string, RequestEffect>;

export type TencentAction = keyof typeof TENCENT_ACTIONS | keyof typeof TENCENT_SSL_ACTIONS;

const EFFECTS: Readonly<Record<TencentAction, RequestEffect>> = {
  ...TENCENT_ACTIONS,
  ...TENCENT_SSL_ACTIONS,
};

function serviceOf(action: TencentAction): keyof typeof SERVICES {
  return action in TENCENT_SSL_ACTIONS ? 'ssl' : 'cdn';
}

export interface TencentClientOptions {
  accountId: string;
  account: TencentAccount;
  clock: Clock;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  random?: (() => number) | undefined;
  budgets?: BudgetRepository | undefined;
  metrics?: Metrics | undefined;
}

export interface TencentClient {
  call<S extends z.ZodType>(
    action: TencentAction,
    params: Record<string, unknown>,
    schema: S,
  ): Promise<z.infer<S>>;
}

function callWindow(limit: number, timeoutMs: number): CallWindow {
  // A call whose answer never comes (a replica killed mid-call) counts until it could no longer arrive.
  const countedAfterAnswer = WINDOW_MS + CLOCK_SKEW_MARGIN_MS;
  return {
    limit,
    windowMs: WINDOW_MS,
    skewMarginMs: CLOCK_SKEW_MARGIN_MS,
    holdMs: timeoutMs + countedAfterAnswer,
  };
}

export function createTencentClient(options: TencentClientOptions): TencentClient {
  const { accountId, account, clock, logger } = options;
  const endpoints = { cdn: new URL(account.endpoint), ssl: new URL(sslEndpoint(account)) };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const limiters = {
    cdn: createPacer({
      budgets: options.budgets,
      clock,
      scope: `tencent/${accountId}`,
      window: callWindow(SERVICES.cdn.callsPerSecond, timeoutMs),
      logger,
    }),
    ssl: createPacer({
      budgets: options.budgets,
      clock,
      scope: `tencent/${accountId}/ssl`,
      window: callWindow(SERVICES.ssl.callsPerSecond, timeoutMs),
      logger,
    }),
  };
  const calls = observeProviderCalls({
    provider: 'tencent',
    account: accountId,
    logger,
    metrics: options.metrics,
    isThrottle: (error) => error.httpStatus === 429 || isThrottled(error),
  });

  // Actions with a limit of their own are paced twice: under it (own budget key) and under the per-second one.
  const ownLimiters = new Map(
    Object.entries(ACTION_LIMITS).map(([action, limit]) => [
      action,
      createPacer({ budgets: options.budgets, clock, scope: `tencent/${accountId}/own`, ...limit }),
    ]),
  );

  /** Actions Tencent throttled although paced: said once each as a warning, afterwards only at debug. */
  const throttledActions = new Set<string>();

  async function send(
    action: TencentAction,
    body: string,
    note: CallNote,
    /** Called once Tencent's answer starts: the call has surely arrived, so it may stop holding its place. */
    onAnswered: () => void,
  ): Promise<{ status: number; text: string }> {
    const api = SERVICES[serviceOf(action)];
    const endpoint = endpoints[serviceOf(action)];
    const timestamp = Math.floor(clock.now() / 1000);
    const contentType = 'application/json';
    const { authorization } = signTc3({
      secretId: account.secretId,
      secretKey: account.secretKey,
      service: api.service,
      host: endpoint.host,
      action,
      contentType,
      body,
      timestamp,
    });
    try {
      note.sending();
      const response = await request(endpoint, {
        method: 'POST',
        dispatcher: options.dispatcher,
        headers: {
          authorization,
          // Must byte-match what was signed: no charset suffix added by anyone along the way.
          'content-type': contentType,
          host: endpoint.host,
          'x-tc-action': action,
          'x-tc-version': api.version,
          'x-tc-timestamp': String(timestamp),
          'x-tc-language': account.language,
        },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      onAnswered();
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      throw new ProviderError({
        account: accountId,
        providerCode: networkCode(error),
        message: `could not reach ${endpoint.host}: ${error instanceof Error ? error.message : String(error)}`,
        retryable: true,
        applied: neverSent(error) ? 'no' : 'unknown',
      });
    }
  }

  async function attempt<S extends z.ZodType>(
    action: TencentAction,
    body: string,
    schema: S,
    note: CallNote,
  ): Promise<z.infer<S>> {
    await ownLimiters.get(action)?.acquire(action);
    const permit = await limiters[serviceOf(action)].acquire(action);
    noteProviderCall(accountId, action);
    let answer: { status: number; text: string };
    try {
      answer = await send(action, body, note, () => permit.release());
    } finally {
      permit.release();
    }
    const { status, text } = answer;
    const endpoint = endpoints[serviceOf(action)];
    note.httpStatus = status;
    if (status < 200 || status >= 300) {
      throw new ProviderError({
        account: accountId,
        providerCode: `HTTP${status}`,
        message: `${endpoint.host} answered HTTP ${status} to ${action}`,
        retryable: status >= 500 || status === 429,
        applied: statusProvesNotApplied(status) ? 'no' : 'unknown',
        httpStatus: status,
      });
    }
    await nextTurn();
    const envelope = parseEnvelope(text, action);
    const { RequestId: requestId, Error: apiError } = envelope.Response;
    note.requestId = requestId;
    if (apiError) {
      throw tencentError({ account: accountId, code: apiError.Code, message: apiError.Message, requestId });
    }
    const parsed = schema.safeParse(envelope.Response);
    if (!parsed.success) {
      throw new ProviderError({
        account: accountId,
        providerCode: 'UnexpectedResponse',
        message: `${action} answered in a shape cdnops does not understand: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
        requestId,
        // Tencent answered success; only its shape is strange. A write most likely took effect.
        applied: 'unknown',
      });
    }
    return parsed.data;
  }

  function parseEnvelope(text: string, action: string): Envelope {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProviderError({
        account: accountId,
        providerCode: 'MalformedResponse',
        message: `${action} answered with something that is not JSON`,
        retryable: true,
        applied: 'unknown',
      });
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) {
      throw new ProviderError({
        account: accountId,
        providerCode: 'MalformedResponse',
        message: `${action} answered without the API 3.0 "Response" envelope`,
        retryable: true,
        applied: 'unknown',
      });
    }
    return envelope.data;
  }

  return {
    call(action, params, schema) {
      // Serialised once: the signature covers exactly these bytes, and every retry re-signs them afresh.
      const body = JSON.stringify(params);
      return withRetry(() => calls.observe(action, (note) => attempt(action, body, schema, note)), {
        policy: options.retry ?? DEFAULT_RETRY_POLICY,
        clock,
        random: options.random,
        isRetryable: (error) => mayRetry(EFFECTS[action], error),
        // Throttled although paced: the budget was wrong (another tool on the key?); let a whole window pass.
        minDelayMs: (error) => (isThrottled(error) ? WINDOW_MS : 0),
        onRetry: (error, attemptNumber, delayMs) => {
          calls.retried(action);
          if (isThrottled(error)) {
            const first = !throttledActions.has(action);
            throttledActions.add(action);
            (first ? logger.warn.bind(logger) : logger.debug.bind(logger))(
              'tencent throttled a call cdnops had paced within its per-second limit; is another tool using this key?',
              {
                account: accountId,
                action,
                attempt: attemptNumber,
                delayMs,
                code: (error as ProviderError).providerCode,
                requestId: (error as ProviderError).requestId,
              },
            );
            return;
          }
          logger.warn('tencent call failed, retrying', {
            account: accountId,
            action,
            attempt: attemptNumber,
            delayMs,
            code: error instanceof ProviderError ? error.providerCode : 'unknown',
            requestId: error instanceof ProviderError ? error.requestId : undefined,
          });
        },
      });
    },
  };
}

/** The common `RequestLimitExceeded…` codes, and the SSL service's own `LimitExceeded.RateLimitExceeded`. */
function isThrottled(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.providerCode.startsWith('RequestLimitExceeded') ||
      error.providerCode === 'LimitExceeded.RateLimitExceeded')
  );
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'Timeout';
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return TIMEOUT_CODES.has(code) ? 'Timeout' : code;
  }
  return 'NetworkError';
}
