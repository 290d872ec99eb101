/**
 * What `GET /metrics` exposes, on a registry of its own rather than prom-client's global one: several bots in one
 * process (tests, the demo's replicas) each count their own. Everything that records passes this object down; a
 * module built without it (a unit test, the command line) records nothing.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** `/cdn` commands typed in Slack, by command name and outcome (see DeliveryOutcome). */
  readonly commands: Counter<'command' | 'outcome'>;
  /** Buttons, modal submissions and App Home visits, by kind and outcome. */
  readonly interactions: Counter<'kind' | 'outcome'>;
  /** From the delivery reaching the app to its acknowledgement; Slack gives up after 3 s. */
  readonly ackSeconds: Histogram<'kind'>;
  /** One per HTTP exchange with a provider (each retry is one more). */
  readonly providerCalls: Counter<'provider' | 'account' | 'action' | 'outcome'>;
  readonly providerSeconds: Histogram<'provider' | 'account' | 'action'>;
  /** Throttling answers: Tencent `RequestLimitExceeded*` or HTTP 429, Wangsu HTTP 446 or 429. */
  readonly providerThrottled: Counter<'provider' | 'account'>;
  readonly providerRetries: Counter<'provider' | 'account' | 'action'>;
  /** Purge and prefetch submissions this process is following to their end. */
  readonly followedInFlight: Gauge;
  /** Finished digest runs, by outcome (posted, partial, failed). */
  readonly digestRuns: Counter<'outcome'>;
  /** Store operations that failed, by repository method and kind (unavailable, other). */
  readonly storeErrors: Counter<'operation' | 'kind'>;
  /** Slack Web API calls that failed, by method and Slack's error code (or the HTTP status, or `network`). */
  readonly slackApiErrors: Counter<'method' | 'error'>;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    commands: new Counter({
      name: 'cdnops_commands_total',
      help: '/cdn commands typed in Slack, by command and outcome',
      labelNames: ['command', 'outcome'],
      registers,
    }),
    interactions: new Counter({
      name: 'cdnops_interactions_total',
      help: 'Button clicks, modal submissions and App Home visits, by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'cdnops_slack_ack_seconds',
      help: 'Time from a Slack delivery reaching cdnops to its acknowledgement',
      labelNames: ['kind'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    providerCalls: new Counter({
      name: 'cdnops_provider_calls_total',
      help: 'HTTP exchanges with a CDN provider API, by account, action and outcome (ok, throttled, error)',
      labelNames: ['provider', 'account', 'action', 'outcome'],
      registers,
    }),
    providerSeconds: new Histogram({
      name: 'cdnops_provider_call_seconds',
      help: 'Duration of one HTTP exchange with a CDN provider API',
      labelNames: ['provider', 'account', 'action'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    providerThrottled: new Counter({
      name: 'cdnops_provider_throttled_total',
      help: 'Throttling answers from a provider (Tencent RequestLimitExceeded or 429, Wangsu 446 or 429)',
      labelNames: ['provider', 'account'],
      registers,
    }),
    providerRetries: new Counter({
      name: 'cdnops_provider_retries_total',
      help: 'Provider calls sent again after a retryable failure',
      labelNames: ['provider', 'account', 'action'],
      registers,
    }),
    followedInFlight: new Gauge({
      name: 'cdnops_followed_submissions',
      help: 'Purge and prefetch submissions this process is following until their tasks end',
      registers,
    }),
    digestRuns: new Counter({
      name: 'cdnops_digest_runs_total',
      help: 'Finished digest runs, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    storeErrors: new Counter({
      name: 'cdnops_store_errors_total',
      help: 'Store operations that failed, by operation and kind (unavailable, other)',
      labelNames: ['operation', 'kind'],
      registers,
    }),
    slackApiErrors: new Counter({
      name: 'cdnops_slack_api_errors_total',
      help: "Slack Web API calls that failed, by method and Slack's error",
      labelNames: ['method', 'error'],
      registers,
    }),
  };
}
