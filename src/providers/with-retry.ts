import type { Clock } from '../clock.ts';

export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 };

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts. Delays grow
 * exponentially with "equal jitter" (half fixed, half random) so replicas retrying together spread out.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    clock: Clock;
    isRetryable: (error: unknown) => boolean;
    random?: () => number;
    /** Lets an error ask for a longer wait than the policy's, e.g. a rate-limit answer that needs the window to pass. */
    minDelayMs?: (error: unknown) => number;
    onRetry?: (error: unknown, attemptNumber: number, delayMs: number) => void;
  },
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= options.policy.maxAttempts || !options.isRetryable(error)) throw error;
      const ceiling = Math.min(
        options.policy.maxDelayMs,
        options.policy.baseDelayMs * 2 ** (attemptNumber - 1),
      );
      const delayMs = Math.max(
        Math.round(ceiling / 2 + (random() * ceiling) / 2),
        options.minDelayMs?.(error) ?? 0,
      );
      options.onRetry?.(error, attemptNumber, delayMs);
      await options.clock.sleep(delayMs);
    }
  }
}
