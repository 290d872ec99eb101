import { ProviderError } from '../errors.ts';
import type { StepCounter } from '../messaging/progress.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { CdnProvider } from '../providers/types.ts';

/** Batches of one account run at most this many at a time; the provider's client paces the requests themselves. */
const DEFAULT_IN_FLIGHT = 4;

/** The domains of one account to ask about. */
export interface DomainGroup {
  provider: CdnProvider;
  domains: readonly string[];
}

/** One batch the provider refused: which domains have no answer, and the provider's own words why. */
export interface BatchFailure {
  accountId: string;
  domains: string[];
  providerCode: string;
  message: string;
  requestId: string | undefined;
}

export interface BatchedResults<T> {
  /** What every successful batch returned, in account order, then batch order. */
  results: T[];
  failures: BatchFailure[];
}

/**
 * Asks each account about its domains in batches of its `trafficLimits().maxDomainsPerCall` (Tencent 30, Wangsu 20),
 * every account at once and up to `maxInFlightPerAccount` batches of one account at once. A batch the provider
 * refuses (a ProviderError) becomes a failure naming its domains; the other batches still count. Anything else
 * thrown is a bug, not an answer, and is rethrown once every batch has settled.
 *
 * Each group's provider must offer `trafficLimits`; callers sort out unsupported providers first
 * (`requireOperation`), so a reply can name their domains.
 */
export async function fetchBatched<T>(
  groups: readonly DomainGroup[],
  fetch: (provider: CdnProvider, domains: string[]) => Promise<readonly T[]>,
  options?: {
    maxInFlightPerAccount?: number;
    /**
     * Fewer domains per call than the provider's limit: 1 where a pooled report must be asked one domain at a time
     * for per-domain figures (alert rules on Wangsu bandwidth and hit rates).
     */
    domainsPerCall?: number;
    /**
     * Told how many batches will run before the first is sent, and as each settles, answered or refused: long
     * answers show their progress with it ("batch 7 of 17").
     */
    progress?: StepCounter | undefined;
  },
): Promise<BatchedResults<T>> {
  const inFlight = Math.max(1, options?.maxInFlightPerAccount ?? DEFAULT_IN_FLIGHT);
  const plans = groups.map((group) => {
    const limits = requireOperation(group.provider, 'trafficLimits', 'Traffic statistics')();
    const size = Math.min(limits.maxDomainsPerCall, options?.domainsPerCall ?? Number.POSITIVE_INFINITY);
    return { provider: group.provider, batches: chunk(group.domains, Math.max(1, size)) };
  });
  options?.progress?.planned(plans.reduce((sum, plan) => sum + plan.batches.length, 0));
  const settled = await Promise.all(
    plans.map(({ provider, batches }) =>
      runPool(batches, inFlight, (domains) =>
        fetch(provider, domains).finally(() => options?.progress?.done()),
      ).then((outcomes) =>
        outcomes.map((outcome, index) => ({ provider, domains: batches[index]!, outcome })),
      ),
    ),
  );

  const results: T[] = [];
  const failures: BatchFailure[] = [];
  const bugs: unknown[] = [];
  for (const { provider, domains, outcome } of settled.flat()) {
    if (outcome.status === 'fulfilled') results.push(...outcome.value);
    else if (outcome.reason instanceof ProviderError) {
      failures.push({
        accountId: provider.accountId,
        domains,
        providerCode: outcome.reason.providerCode,
        message: outcome.reason.message,
        requestId: outcome.reason.requestId,
      });
    } else bugs.push(outcome.reason);
  }
  if (bugs.length > 0) throw bugs[0];
  return { results, failures };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Runs `task` over `inputs` with at most `limit` running at once; the outcomes keep the inputs' order. */
async function runPool<I, O>(
  inputs: readonly I[],
  limit: number,
  task: (input: I) => Promise<O>,
): Promise<PromiseSettledResult<O>[]> {
  const outcomes: PromiseSettledResult<O>[] = new Array(inputs.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < inputs.length) {
      const index = next++;
      try {
        outcomes[index] = { status: 'fulfilled', value: await task(inputs[index]!) };
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return outcomes;
}
