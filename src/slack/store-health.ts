/**
 * What `GET /healthz` says about the store: reachable when `store.ping()` answers within `timeoutMs`. Requests that
 * arrive while a ping is out share it, so a health check polled often, or by several monitors, costs one trivial
 * statement at a time. A change of state is logged once, not every poll.
 */
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

/** How long /healthz waits for the store before answering 503. */
export const HEALTH_STORE_TIMEOUT_MS = 1_000;

export type StoreHealth = () => Promise<boolean>;

export function createStoreHealth(
  store: Pick<Store, 'ping'>,
  logger: Logger,
  timeoutMs = HEALTH_STORE_TIMEOUT_MS,
): StoreHealth {
  let pending: Promise<boolean> | undefined;
  let lastOk = true;

  async function check(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([store.ping().then(() => 'ok' as const), timedOut]);
      if (outcome === 'timeout') throw new Error(`no answer within ${timeoutMs} ms`);
      if (!lastOk) logger.info('health check: the store answers again');
      lastOk = true;
    } catch (error) {
      if (lastOk) logger.warn('health check: the store is unavailable', { error: reasonOf(error) });
      lastOk = false;
    } finally {
      clearTimeout(timer);
    }
    return lastOk;
  }

  return () => {
    pending ??= check().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** StoreUnavailableError's reason (no connection string in it), else the message. */
function reasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'reason' in error && typeof error.reason === 'string') {
    return error.reason;
  }
  return error instanceof Error ? error.message : String(error);
}
