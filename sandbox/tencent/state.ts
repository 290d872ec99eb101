import type { Clock } from '../../src/clock.ts';
import { type CertificateState, createCertificateState } from './certificates.ts';
import { createDomainState } from './create-domain-state.ts';
import { createFaultQueue, type FaultQueue } from './fault-queue.ts';
import { DEFAULT_QUOTAS } from './quota.ts';
import type { Incident } from './traffic-model.ts';
import type { DomainState, QuotaKind, QuotaLimit, SandboxArea, TencentSandboxOptions } from './types.ts';

/** One URL or directory inside a purge or prefetch task; each becomes one PurgeLog / PushLog. */
export interface TaskEntry {
  /** As stored (percent-encoded when the request had `UrlEncode: true`). */
  url: string;
  /** As the request sent it, so `failUrl` matches either form. */
  requestedUrl: string;
  /** The area the entry was submitted for: `global` only for a global prefetch. */
  area: SandboxArea;
}

/** One PurgeUrlsCache, PurgePathCache or PushUrlsCache request that was accepted. */
export interface TaskRecord {
  taskId: string;
  kind: QuotaKind;
  entries: TaskEntry[];
  /** PurgePathCache's FlushType; URL purges report `flush`. */
  flushType: 'flush' | 'delete';
  createdAt: number;
  /** Set by `finishAllTasks`; otherwise a task ends at `createdAt + taskDurationMs`. */
  finishedAt?: number;
}

export interface AccountState {
  secretId: string;
  secretKey: string;
  appId: number;
  domains: DomainState[];
  /** Oldest first. */
  tasks: TaskRecord[];
  /** Items submitted, keyed by `quotaKey` (Beijing day, kind, area). */
  usage: Map<string, number>;
  /** Project ids a ProjectId may name: 0, the seeded `projects` and those the seeded domains use. */
  projects: Set<number>;
  certificates: CertificateState[];
  /** CAM actions (`ssl:DescribeCertificateDetail`) this key may not call: `AuthFailure.UnauthorizedOperation`. */
  deniedActions: Set<string>;
}

/** Everything the sandbox knows, shared by the HTTP layer and the action handlers. */
export interface SandboxState {
  clock: Clock;
  accounts: Map<string, AccountState>;
  taskDurationMs: number;
  /** How long a domain stays `processing` after a change. */
  changeDurationMs: number;
  quotas: Record<QuotaKind, QuotaLimit>;
  /** URLs whose entries end as `fail`. */
  failedUrls: Set<string>;
  faults: FaultQueue;
  /** How far behind the clock the statistics report. */
  reportLagMs: number;
  /** Incidents staged per domain (see traffic-model.ts), for alerts to see in the status codes. */
  incidents: Map<string, Incident[]>;
  /** The sandbox's own `http://127.0.0.1:<port>`, set once it listens: log download links point at it. */
  url: string;
}

const DEFAULT_APP_ID = 1250000000;

export function createSandboxState(options: TencentSandboxOptions): SandboxState {
  const now = options.clock.now();
  const accounts = new Map<string, AccountState>();
  for (const account of options.accounts) {
    const appId = account.appId ?? DEFAULT_APP_ID;
    const domains = account.domains.map((seed) => createDomainState(seed, appId, now));
    accounts.set(account.secretId, {
      secretId: account.secretId,
      secretKey: account.secretKey,
      appId,
      domains,
      tasks: [],
      usage: new Map(),
      projects: new Set([0, ...(account.projects ?? []), ...domains.map((domain) => domain.projectId)]),
      certificates: (account.certificates ?? []).map((seed) => createCertificateState(seed, now)),
      deniedActions: new Set(account.deniedActions ?? []),
    });
  }
  return {
    clock: options.clock,
    accounts,
    taskDurationMs: options.taskDurationMs ?? 60_000,
    changeDurationMs: options.changeDurationMs ?? 30_000,
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    failedUrls: new Set(),
    faults: createFaultQueue(),
    incidents: new Map(),
    reportLagMs: options.reportLagMs ?? 0,
    url: '',
  };
}
