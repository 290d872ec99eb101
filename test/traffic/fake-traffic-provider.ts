/**
 * A CdnProvider that answers traffic questions from plain functions and records every call: for tests of the
 * traffic helpers and commands that should not depend on how a real provider talks to its API.
 */
import { ProviderError } from '../../src/errors.ts';
import type { ProviderKind } from '../../src/providers/registry.ts';
import type {
  DomainSeries,
  DomainStatusCodes,
  LogPackage,
  TopEntry,
  TrafficLimits,
  TrafficMetric,
  TrafficQuery,
} from '../../src/providers/traffic-types.ts';
import type { CdnProvider, DomainSummary, OptionalOperation } from '../../src/providers/types.ts';
import { unusedOperations } from '../support/unused-operations.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const TENCENT_LIKE_LIMITS: TrafficLimits = {
  maxRangeMs: 90 * DAY_MS,
  retentionMs: 90 * DAY_MS,
  maxDomainsPerCall: 30,
  intervals: { '1min': DAY_MS, '5min': 31 * DAY_MS, hour: 31 * DAY_MS, day: 90 * DAY_MS },
  logRetentionMs: 30 * DAY_MS,
};

export interface TrafficCall {
  operation: 'traffic' | 'statusCodes' | 'topUrls' | 'logPackages';
  domains: readonly string[];
  metrics?: readonly TrafficMetric[];
  query?: TrafficQuery;
}

export interface FakeTrafficProvider extends CdnProvider {
  calls: TrafficCall[];
  /** Calls running right now, and the most there ever were at once. */
  running: number;
  peakRunning: number;
}

export interface FakeOptions {
  accountId?: string;
  kind?: ProviderKind;
  domains?: readonly string[];
  limits?: Partial<TrafficLimits>;
  /** Leave these operations out, as a provider that lacks them would. */
  without?: readonly OptionalOperation[];
  /** The value of every point of a domain's metric; default 1. */
  value?: (domain: string, metric: TrafficMetric) => number;
  /** A batch containing this domain is refused with a ProviderError. */
  failFor?: string;
  topUrls?: (domains: readonly string[]) => TopEntry[];
  statusCodes?: (domain: string) => DomainStatusCodes['codes'];
  logPackages?: LogPackage[];
}

export function throttled(accountId: string): ProviderError {
  return new ProviderError({
    account: accountId,
    providerCode: 'RequestLimitExceeded',
    message: 'Too many requests',
    requestId: 'req-batch-failed',
    retryable: true,
  });
}

/** Points every `step` ms over [from, to). */
function points(query: TrafficQuery, value: number): DomainSeries['points'] {
  const step = { '1min': 60_000, '5min': 300_000, hour: 3_600_000, day: DAY_MS }[query.interval];
  const out: DomainSeries['points'] = [];
  for (let time = query.from; time < query.to; time += step) out.push({ time, value });
  return out;
}

export function fakeTrafficProvider(options: FakeOptions = {}): FakeTrafficProvider {
  const accountId = options.accountId ?? 'fake-prod';
  const domains = options.domains ?? ['www.example.com'];
  const limits = { ...TENCENT_LIKE_LIMITS, ...options.limits };
  const provider: FakeTrafficProvider = {
    kind: options.kind ?? 'tencent',
    accountId,
    calls: [],
    running: 0,
    peakRunning: 0,
    async listDomains() {
      return domains.map(summary);
    },
    ...unusedOperations('traffic tests should not call this'),
    trafficLimits: () => limits,
    async traffic(query, metrics) {
      return track(provider, { operation: 'traffic', domains: query.domains, metrics, query }, options, () =>
        query.domains.flatMap((domain) =>
          metrics.map((metric) => ({
            domain,
            metric,
            points: points(query, options.value?.(domain, metric) ?? 1),
          })),
        ),
      );
    },
    async statusCodes(query) {
      return track(provider, { operation: 'statusCodes', domains: query.domains, query }, options, () =>
        query.domains.map((domain) => ({ domain, codes: options.statusCodes?.(domain) ?? [] })),
      );
    },
    async topUrls(query) {
      return track(provider, { operation: 'topUrls', domains: query.domains, query }, options, () =>
        options.topUrls ? options.topUrls(query.domains) : [],
      );
    },
    async logPackages(domain) {
      return track(
        provider,
        { operation: 'logPackages', domains: [domain] },
        options,
        () => options.logPackages ?? [],
      );
    },
  };
  for (const operation of options.without ?? []) delete provider[operation];
  return provider;
}

async function track<T>(
  provider: FakeTrafficProvider,
  call: TrafficCall,
  options: FakeOptions,
  answer: () => T,
): Promise<T> {
  provider.calls.push(call);
  provider.running += 1;
  provider.peakRunning = Math.max(provider.peakRunning, provider.running);
  try {
    // Let every batch that may start do so before any finishes, so concurrency shows.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.failFor && call.domains.includes(options.failFor)) throw throttled(provider.accountId);
    return answer();
  } finally {
    provider.running -= 1;
  }
}

function summary(domain: string): DomainSummary {
  return {
    domain,
    id: `cdn-${domain.replace(/\W/g, '')}`,
    status: 'online',
    cname: undefined,
    origins: [],
    serviceType: 'web',
    area: 'mainland',
    projectId: 0,
    disabledReason: undefined,
    updatedAt: undefined,
  };
}

/** `d00.example.com` … : `count` domain names that sort in creation order. */
export function manyDomains(count: number, suffix = 'example.com'): string[] {
  return Array.from({ length: count }, (_, index) => `d${String(index).padStart(2, '0')}.${suffix}`);
}
