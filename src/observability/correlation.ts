/**
 * One correlation id per Slack delivery (a command, a click, a modal submission), carried by AsyncLocalStorage
 * through everything the delivery starts: the logger stamps it on every line written meanwhile, provider calls
 * included, and the provider clients note their request ids here for the delivery's own log line. Nothing has to
 * pass it along by hand, so the provider clients need no extra parameter on every function in between.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * How a delivery ended, as the person saw it: `done`; `usage` (bad input, nothing sent); `refused` (role or
 * channel); `unsupported`; `provider_error`; `store_unavailable`; `internal` (a bug, logged with a reference);
 * `repeated` (a Slack retry or replay of a delivery already run, so nothing ran).
 */
export type DeliveryOutcome =
  | 'done'
  | 'repeated'
  | 'usage'
  | 'refused'
  | 'unsupported'
  | 'provider_error'
  | 'store_unavailable'
  | 'internal';

export interface Correlation {
  readonly id: string;
  /** Request ids of the provider calls made for it, in order, each once. */
  readonly requestIds: string[];
  /** The first error answered to the person; undefined while none was. */
  failure: DeliveryOutcome | undefined;
}

const storage = new AsyncLocalStorage<Correlation>();

export function newCorrelation(): Correlation {
  return { id: randomUUID(), requestIds: [], failure: undefined };
}

/** Runs `work` with `correlation` current for it and everything it starts, timers and promises included. */
export function withCorrelation<T>(correlation: Correlation, work: () => T): T {
  return storage.run(correlation, work);
}

export function currentCorrelation(): Correlation | undefined {
  return storage.getStore();
}

/** Records a provider's request id on the delivery that caused the call, if any. */
export function noteRequestId(requestId: string | undefined): void {
  const correlation = storage.getStore();
  if (requestId && correlation && !correlation.requestIds.includes(requestId)) {
    correlation.requestIds.push(requestId);
  }
}

/**
 * Records the error a person was answered with. Read by its `code` (errors.ts gives every cdnops error one), so
 * this ground-floor module needs none of their classes.
 */
export function noteFailure(error: unknown): void {
  const correlation = storage.getStore();
  if (correlation && correlation.failure === undefined) correlation.failure = outcomeOfError(error);
}

/** Records how a delivery ended when no error object says it: a modal answered with field errors, a repeat. */
export function noteOutcome(outcome: Exclude<DeliveryOutcome, 'done'>): void {
  const correlation = storage.getStore();
  if (correlation && correlation.failure === undefined) correlation.failure = outcome;
}

const BY_CODE: Readonly<Record<string, DeliveryOutcome>> = {
  usage: 'usage',
  permission: 'refused',
  unsupported: 'unsupported',
  provider: 'provider_error',
  store_unavailable: 'store_unavailable',
};

export function outcomeOfError(error: unknown): DeliveryOutcome {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return (typeof code === 'string' ? BY_CODE[code] : undefined) ?? 'internal';
}
