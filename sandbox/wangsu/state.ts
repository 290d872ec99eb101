import type { Clock } from '../../src/clock.ts';
import type { Incident } from '../tencent/traffic-model.ts';
import { createWangsuCertificate, type WangsuCertificateState } from './certificates.ts';
import { createDomainState } from './create-domain-state.ts';
import { createFaultQueue, type WangsuFaultQueue } from './fault-queue.ts';
import { DEFAULT_WANGSU_QUOTAS } from './quotas.ts';
import type { DomainListShape, WangsuDomainState, WangsuQuotas, WangsuSandboxOptions } from './types.ts';

export type AsyncRequestKind =
  | 'enable'
  | 'disable'
  | 'delete'
  | 'visitcontrol'
  | 'cachetime'
  | 'domain'
  | 'certificate';

/** One accepted 202 change, followed through `GET /api/request/{id}`. */
export interface AsyncRequest {
  /** The `x-cnc-request-id` of the 202 answer. */
  requestId: string;
  kind: AsyncRequestKind;
  domain: WangsuDomainState;
  submittedAt: number;
  /** Set by `finishAll`; otherwise the request ends at `submittedAt + deployDurationMs`. */
  finishedAt?: number;
  /** Marked by `failNextDeploy`: ends `FAIL` and changes nothing. */
  fails: boolean;
  /** Set once the end has been applied to the domain. */
  outcome?: 'SUCCESS' | 'FAIL';
}

export type ContentKind = 'purge' | 'fetch';

/** One URL or directory of an accepted ItemIdReceiver call; each becomes one `resultDetail` entry. */
export interface ContentItem {
  itemId: string;
  kind: ContentKind;
  url: string;
  /** 0 file, 2 directory (1 regex and 3 tag are not offered by the sandbox). */
  isDir: 0 | 2;
  createdAt: number;
  /** Set by `finishAll`; otherwise the item ends at `createdAt + purgeDurationMs`. */
  finishedAt?: number;
}

export interface AccountState {
  /** The username, or the accessKey when there is none: how calls and budgets name the account. */
  label: string;
  username: string | undefined;
  apiKey: string | undefined;
  accessKey: string | undefined;
  secretKey: string | undefined;
  domains: WangsuDomainState[];
  certificates: WangsuCertificateState[];
  /** Oldest first. */
  requests: AsyncRequest[];
  /** Oldest first. */
  items: ContentItem[];
  /** Items submitted, keyed by `usageKey` (Beijing day and quota kind). */
  usage: Map<string, number>;
  /** Clock times of the requests the budget accepted, in arrival order. */
  accepted: number[];
}

/** Everything the sandbox knows, shared by the HTTP layer and the route handlers. */
export interface SandboxState {
  clock: Clock;
  accounts: AccountState[];
  deployDurationMs: number;
  purgeDurationMs: number;
  budget: { limit: number; windowMs: number };
  domainListShape: DomainListShape;
  quotas: WangsuQuotas;
  /** URLs whose purge/prefetch items end as `failure`. */
  failedUrls: Set<string>;
  /** Lower-case domain names whose next async change ends `FAIL`. */
  failNextDeploy: Set<string>;
  faults: WangsuFaultQueue;
  /** Reports leave out the latest minutes: data shows up this long after it happened (reference §2.4: 5–15 min). */
  reportLagMs: number;
  /** Incidents staged per lower-case domain name (see incidents.ts). */
  incidents: Map<string, Incident[]>;
}

const FIRST_DOMAIN_ID = 100001;

/** Builds the state, refusing accounts that could never authenticate and names or ids used twice. */
export function createSandboxState(options: WangsuSandboxOptions): SandboxState {
  const now = options.clock.now();
  const usedIds = new Set(options.accounts.flatMap((account) => account.domains.map((d) => d.domainId)));
  const names = new Set<string>();
  const ids = new Set<string>();
  const credentials = new Set<string>();
  let nextId = FIRST_DOMAIN_ID;
  const accounts = options.accounts.map((account): AccountState => {
    const basic = account.username !== undefined && account.apiKey !== undefined;
    const akSk = account.accessKey !== undefined && account.secretKey !== undefined;
    if (!basic && !akSk)
      throw new Error('a Wangsu sandbox account needs username+apiKey or accessKey+secretKey');
    for (const credential of [account.username, account.accessKey]) {
      if (credential === undefined) continue;
      if (credentials.has(credential))
        throw new Error(`Wangsu sandbox credential ${credential} is used twice`);
      credentials.add(credential);
    }
    const domains = account.domains.map((seed) => {
      while (usedIds.has(String(nextId))) nextId += 1;
      const domainId = seed.domainId ?? String(nextId++);
      const domain = createDomainState(seed, domainId, now);
      if (names.has(domain.domainName) || ids.has(domain.domainId)) {
        throw new Error(`Wangsu sandbox domain ${domain.domainName} (${domain.domainId}) is seeded twice`);
      }
      names.add(domain.domainName);
      ids.add(domain.domainId);
      return domain;
    });
    return {
      label: account.username ?? account.accessKey ?? '',
      username: account.username,
      apiKey: account.apiKey,
      accessKey: account.accessKey,
      secretKey: account.secretKey,
      domains,
      certificates: (account.certificates ?? []).map((seed) => createWangsuCertificate(seed, now)),
      requests: [],
      items: [],
      usage: new Map(),
      accepted: [],
    };
  });
  return {
    clock: options.clock,
    accounts,
    deployDurationMs: options.deployDurationMs ?? 30_000,
    purgeDurationMs: options.purgeDurationMs ?? 60_000,
    budget: options.budget ?? { limit: 300, windowMs: 300_000 },
    domainListShape: options.domainListShape ?? 'domain-list',
    quotas: { ...DEFAULT_WANGSU_QUOTAS, ...options.quotas },
    failedUrls: new Set(),
    failNextDeploy: new Set(),
    faults: createFaultQueue(),
    reportLagMs: options.reportLagMs ?? 0,
    incidents: new Map(),
  };
}

/** The account a username or accessKey names. */
export function findAccount(state: SandboxState, name: string): AccountState | undefined {
  return state.accounts.find((account) => account.username === name || account.accessKey === name);
}
