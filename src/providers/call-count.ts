import { AsyncLocalStorage } from 'node:async_hooks';

/** Calls sent to providers, by `<account> <action>`: what one piece of work cost against the providers' budgets. */
export type ProviderCallCounts = Record<string, number>;

const counting = new AsyncLocalStorage<Map<string, number>>();

/**
 * Runs `work` and counts every request the provider clients send on its behalf (retries included), however deep
 * and however concurrent: a digest or a `stats all` can then say what it cost.
 */
export async function countProviderCalls<T>(
  work: () => Promise<T>,
): Promise<{ value: T; calls: ProviderCallCounts; total: number }> {
  const counts = new Map<string, number>();
  const value = await counting.run(counts, work);
  const calls = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  return { value, calls, total: [...counts.values()].reduce((sum, count) => sum + count, 0) };
}

/** Called by a provider client for each request it sends; counts it for whatever work is being counted. */
export function noteProviderCall(account: string, action: string): void {
  const counts = counting.getStore();
  if (!counts) return;
  const key = `${account} ${action}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
