import type { Clock } from '../../src/clock.ts';
import type { SandboxIncident } from '../tencent/traffic-model.ts';
import type { CacheTimeBehavior } from './cache-time-behavior.ts';
import type { WangsuSandboxCertificate } from './certificates.ts';
import type { WangsuFaultQueue } from './fault-queue.ts';
import type { VisitControlRule } from './visit-control-rule.ts';

/** `Deployed`, or `InProgress` while a change is queued or deploying (reference §2.1). */
export type WangsuDeployStatus = 'Deployed' | 'InProgress';

/** A domain to seed. Only `domain` is required; the rest gets realistic defaults (see `createDomainState`). */
export interface WangsuSandboxDomain {
  /** The accelerated domain name, e.g. `cdn.example.cn`. */
  domain: string;
  /** Numeric string; assigned from 100001 upwards in seed order when omitted. */
  domainId?: string;
  /** Default `<domain>.wscdns.com`. */
  cname?: string;
  /** `web`, `web-https`, `download`, `vodstream`, `wsa`, … Default `web`. */
  serviceType?: string;
  /** Default true. A disabled domain rejects config changes (reference §2.1, SDK note). */
  enabled?: boolean;
  /** Default `Deployed`. A seeded `InProgress` stays so until a change on the domain completes. */
  status?: WangsuDeployStatus;
  /** Default true; false means CDN service cancelled (DNS goes straight to origin). */
  cdnServiceStatus?: boolean;
  /** `origin-ips`: IPs separated by `;`, or one domain. Default `origin.<domain>`. */
  originIps?: string;
  /** `default-origin-host-header`. Default the domain itself. */
  originHostHeader?: string;
  /** Default `cn`. */
  serviceAreas?: string;
  comment?: string;
  /** Groups without a `data-id` get one. Validated like a PUT at start-up. */
  visitControlRules?: readonly VisitControlRule[];
  cacheTimeBehaviors?: readonly CacheTimeBehavior[];
}

/**
 * One Wangsu account. It authenticates with `username` + `apiKey` (Basic), `accessKey` + `secretKey` (AK/SK), or
 * both; either identity names the same account, its domains, its daily quotas and its request budget.
 */
export interface WangsuSandboxAccount {
  username?: string;
  apiKey?: string;
  accessKey?: string;
  secretKey?: string;
  domains: readonly WangsuSandboxDomain[];
  /** Uploaded certificates (see certificates.ts). */
  certificates?: readonly WangsuSandboxCertificate[];
}

/** The documented daily and per-call limits of the content API (reference §2.3, §4), per account. */
export interface WangsuQuotas {
  /** URLs purged per day (Beijing day). Default 5000. */
  purgeUrlsPerDay: number;
  /** Directories purged per day. Default 500. */
  purgeDirsPerDay: number;
  /** urls + dirs in one ItemIdReceiver call. Default 500. */
  purgeItemsPerCall: number;
  /** URLs in one prefetch call. Default 400. */
  prefetchUrlsPerCall: number;
  /** URLs prefetched per day. Default 20000. */
  prefetchUrlsPerDay: number;
}

/** The three envelopes seen for `GET /api/domain` in the wild (reference §2.1: "parse defensively"). */
export type DomainListShape = 'domain-list' | 'array' | 'domain-summary';

export interface WangsuSandboxOptions {
  /** Drives auth freshness, the request budget, async completion and the daily quota reset (midnight UTC+8). */
  clock: Clock;
  accounts: readonly WangsuSandboxAccount[];
  /** How long enable/disable/delete and config changes take to finish. Default 30 000 ms of clock time. */
  deployDurationMs?: number;
  /** How long a purge or prefetch item takes to finish. Default 60 000 ms of clock time. */
  purgeDurationMs?: number;
  /** Accepted requests per account per sliding window. Default 300 per 300 000 ms (reference §4). */
  budget?: { limit: number; windowMs: number };
  /** Which wrapper `GET /api/domain` answers with. Default `domain-list`. */
  domainListShape?: DomainListShape;
  quotas?: Partial<WangsuQuotas>;
  /** How long after the fact the reports show traffic: the latest minutes read as none. Default 0. */
  reportLagMs?: number;
}

/** One request the sandbox received, in arrival order, including those refused by auth or the budget. */
export interface WangsuCall {
  method: string;
  /** The path as received, without the query. */
  path: string;
  /** The raw query after `?`, `''` when none. */
  query: string;
  /** The username (Basic) or accessKey (AK/SK) the request claimed, known or not. */
  account: string | undefined;
  /** The scheme the Authorization header used; `undefined` when it had none or an unknown one. */
  authScheme: 'basic' | 'aksk' | undefined;
  /** The parsed JSON body; `undefined` when empty or not JSON. */
  body: unknown;
  /** HTTP status answered; `0` when the socket was reset by a fault. */
  status: number;
  /** The `x-cnc-request-id` answered. */
  requestId: string;
  /** Clock time (ms) the request was handled at. */
  at: number;
}

/** The live, mutable state of one domain. Tests may change it (e.g. `sandbox.domain(x).enabled = false`). */
export interface WangsuDomainState {
  domainId: string;
  domainName: string;
  cname: string;
  serviceType: string;
  status: WangsuDeployStatus;
  enabled: boolean;
  cdnServiceStatus: boolean;
  originIps: string;
  originHostHeader: string;
  serviceAreas: string;
  comment: string;
  /** Clock ms. */
  createdAt: number;
  lastModifiedAt: number;
  /** Live arrays: a PUT changes them in place. Every group has a `data-id`. */
  visitControlRules: VisitControlRule[];
  cacheTimeBehaviors: CacheTimeBehavior[];
  /** The `data-id` the next new group (visit control or cache time) gets. */
  nextDataId: number;
}

export interface WangsuSandbox {
  /** `http://127.0.0.1:<port>`: use it as the API base URL; the Host to sign is `127.0.0.1:<port>`. */
  url: string;
  calls: WangsuCall[];
  faults: WangsuFaultQueue;
  /** The live state of a domain (by name or domain-id) in any account; throws if none has it. */
  domain(nameOrId: string): WangsuDomainState;
  /** The live visit-control groups of a domain. */
  visitControl(nameOrId: string): VisitControlRule[];
  /** The live cache-time groups of a domain. */
  cacheTime(nameOrId: string): CacheTimeBehavior[];
  /** The next async change submitted on this domain ends `FAIL` and leaves the domain as it was. */
  failNextDeploy(domain: string): void;
  /** Every purge or prefetch item for this exact URL (now or later) ends `failure` instead of `success`. */
  failUrl(url: string): void;
  /** Completes every pending async request and purge/prefetch item now. */
  finishAll(): void;
  /**
   * The most requests the account (by username or accessKey) had accepted within any one budget window, e.g. to
   * assert a client never exceeded it. Requests refused by auth or by the budget are not counted.
   */
  maxRequestsInWindow(account: string): number;
  /**
   * Clock ms at which the latest purge item covering `url` ended `success`: a URL item for the same URL (scheme
   * and port aside) or a directory item it lies under. `undefined` when none has; `failure` items never count.
   */
  lastPurgeDoneAt(url: string): number | undefined;
  /**
   * From `from` on (clock ms), until `endIncident`: `serverErrorShare` of `domain`'s requests answer 502 in the
   * status-code report, and/or its traffic (flow, bandwidth, requests) is `trafficFactor` times the model's.
   */
  startIncident(domain: string, incident: SandboxIncident): void;
  /** Ends `domain`'s open incidents at `at`: minutes from then on are back to normal. */
  endIncident(domain: string, at: number): void;
  close(): Promise<void>;
}
