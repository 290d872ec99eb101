/**
 * What every provider client records about each HTTP exchange with its API: a count by account, action and outcome,
 * its duration, throttling answers and retries (metrics), the request id on the Slack delivery that caused it
 * (correlation), and one log line, which the logger stamps with that delivery's correlation id.
 */
import { performance } from 'node:perf_hooks';
import { ProviderError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { noteRequestId } from '../observability/correlation.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Filled in by the exchange as it learns them. */
export interface CallNote {
  /** Marks the moment the request goes out: waiting for the rate budget or a free slot before it is not latency. */
  sending(): void;
  requestId: string | undefined;
  httpStatus: number | undefined;
}

export interface ProviderCalls {
  observe<T>(action: string, exchange: (note: CallNote) => Promise<T>): Promise<T>;
  retried(action: string): void;
}

export function observeProviderCalls(input: {
  provider: string;
  account: string;
  logger: Logger;
  metrics: Metrics | undefined;
  /** The provider's throttling answers. */
  isThrottle: (error: ProviderError) => boolean;
}): ProviderCalls {
  const { provider, account, logger, metrics } = input;
  return {
    async observe(action, exchange) {
      let startedAt = performance.now();
      const note: CallNote = {
        sending: () => {
          startedAt = performance.now();
        },
        requestId: undefined,
        httpStatus: undefined,
      };
      const finish = (outcome: 'ok' | 'throttled' | 'error', error?: ProviderError) => {
        const seconds = (performance.now() - startedAt) / 1000;
        const requestId = error?.requestId ?? note.requestId;
        noteRequestId(requestId);
        metrics?.providerCalls.inc({ provider, account, action, outcome });
        metrics?.providerSeconds.observe({ provider, account, action }, seconds);
        if (outcome === 'throttled') metrics?.providerThrottled.inc({ provider, account });
        logger.info('provider call', {
          provider,
          account,
          action,
          outcome,
          ...(error ? { code: error.providerCode } : {}),
          httpStatus: error?.httpStatus ?? note.httpStatus,
          requestId,
          durationMs: Math.round(seconds * 1000),
        });
      };
      try {
        const result = await exchange(note);
        finish('ok');
        return result;
      } catch (error) {
        const failure =
          error instanceof ProviderError
            ? error
            : new ProviderError({ account, providerCode: 'Unexpected', message: String(error) });
        finish(input.isThrottle(failure) ? 'throttled' : 'error', failure);
        throw error;
      }
    },
    retried(action) {
      metrics?.providerRetries.inc({ provider, account, action });
    },
  };
}
