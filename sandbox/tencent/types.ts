import type { Clock } from '../../src/clock.ts';
import type { HttpsState, SandboxCertificate } from './certificates.ts';
import type { FaultQueue } from './fault-queue.ts';
import type { SandboxIncident } from './traffic-model.ts';

/** Acceleration area of a domain. A `global` domain counts against both mainland and overseas quotas. */
export type SandboxArea = 'mainland' | 'overseas' | 'global';
export type SandboxDomainStatus = 'online' | 'offline' | 'processing';

/** A SimpleCacheRule as DescribeDomainsConfig shows it. CacheTime is in seconds. */
export interface SandboxCacheRule {
  /** `all` | `file` | `directory` | `path` | `index` */
  CacheType: string;
  /** `*` for all, `jpg` for file, `/dir` for directory, `/a/b.html` for path, `/` for index. */
  CacheContents: string[];
  CacheTime: number;
}

/** A RefererRule as Tencent returns it. With a blacklist, `AllowEmpty: true` *rejects* an empty referer. */
export interface SandboxRefererRule {
  RuleType: 'all' | 'file' | 'directory' | 'path';
  RulePaths: string[];
  RefererType: 'whitelist' | 'blacklist';
  Referers: string[];
  AllowEmpty: boolean;
}

/** The switches of Tencent's `Cache.SimpleCache` besides its rules. UpdateDomainConfig resets an omitted one to `off`. */
export interface SandboxSimpleCacheSwitches {
  FollowOrigin: 'on' | 'off';
  IgnoreCacheControl: 'on' | 'off';
  IgnoreSetCookie: 'on' | 'off';
  CompareMaxAge: 'on' | 'off';
}

/** Tencent's `Referer` object (hotlink protection). */
export interface SandboxReferer {
  Switch: 'on' | 'off';
  RefererRules?: SandboxRefererRule[];
}

/** Tencent's `IpFilter`: IP/CIDR allow (whitelist) or deny (blacklist) list, optionally per path rules. */
export interface SandboxIpFilter {
  Switch: 'on' | 'off';
  FilterType?: 'whitelist' | 'blacklist' | null;
  Filters?: string[];
  FilterRules?: {
    FilterType: 'whitelist' | 'blacklist';
    Filters: string[];
    RuleType: string;
    RulePaths: string[];
  }[];
}

/** Tencent's `UserAgentFilter`: allow or deny user agents, per path rule. */
export interface SandboxUserAgentFilter {
  Switch: 'on' | 'off';
  FilterRules?: {
    FilterType: 'whitelist' | 'blacklist';
    UserAgents: string[];
    RuleType: string;
    RulePaths: string[];
  }[];
}

/** A domain to seed. Only `domain` is required; the rest gets realistic defaults (see `createDomainState`). */
export interface SandboxDomain {
  domain: string;
  resourceId?: string;
  status?: SandboxDomainStatus;
  cname?: string;
  origins?: string[];
  originType?: string;
  serverName?: string;
  /** `http` (default) | `https` | `follow` */
  originPullProtocol?: string;
  /** `web` | `download` | `media` | `hybrid` | `dynamic` */
  serviceType?: string;
  area?: SandboxArea;
  projectId?: number;
  fullUrlCache?: boolean;
  cacheRules?: SandboxCacheRule[];
  /** Each switch defaults to `off`. */
  cacheSwitches?: Partial<SandboxSimpleCacheSwitches>;
  /** CacheKey.IgnoreCase, default `off`. */
  cacheKeyIgnoreCase?: 'on' | 'off';
  referer?: SandboxReferer;
  ipFilter?: SandboxIpFilter;
  userAgentFilter?: SandboxUserAgentFilter;
  /** HTTPS with one of the account's `certificates`; off when absent. */
  https?: { certId: string };
}

export interface SandboxAccount {
  secretId: string;
  secretKey: string;
  appId?: number;
  domains: SandboxDomain[];
  /**
   * Project ids that exist in this account besides the default project 0 and those its domains use. Any other
   * ProjectId is `ResourceNotFound.CdnProjectNotExists`.
   */
  projects?: number[];
  /** Certificates hosted in Tencent Cloud SSL that domains may use (see certificates.ts). */
  certificates?: SandboxCertificate[];
  /**
   * CAM actions the key's policy does not allow, as `service:Action` (`ssl:DescribeCertificateDetail`): they
   * answer `AuthFailure.UnauthorizedOperation`.
   */
  deniedActions?: string[];
}

/** The three daily quotas, named after DescribePurgeQuota / DescribePushQuota fields. */
export type QuotaKind = 'urlPurge' | 'pathPurge' | 'urlPush';

/** Per acceleration area: at most `batch` items in one request and `total` per day. */
export interface QuotaLimit {
  batch: number;
  total: number;
}

export interface TencentSandboxOptions {
  /** Drives timestamps, task completion and the daily quota reset (midnight UTC+8). */
  clock: Clock;
  accounts: SandboxAccount[];
  /** How long a purge or prefetch task stays `process`. Default 60 000 ms of clock time. */
  taskDurationMs?: number;
  /** Overrides for the default quotas (see `DEFAULT_QUOTAS`). */
  quotas?: Partial<Record<QuotaKind, QuotaLimit>>;
  /**
   * How long a domain stays `processing` after StartCdnDomain, StopCdnDomain, UpdateDomainConfig or AddCdnDomain.
   * Default 30 000 ms of clock time.
   */
  changeDurationMs?: number;
  /**
   * How far behind the clock DescribeCdnData reports (default 0): minutes that ended less than this long ago read
   * 0, as Tencent's statistics lag real time by several minutes.
   */
  reportLagMs?: number;
}

/** One request the sandbox received, in arrival order, including those refused by auth. */
export interface SandboxCall {
  /** The X-TC-Action header, or `''` if there was none. */
  action: string;
  /** The SecretId named in the Authorization credential, known or not. */
  secretId: string | undefined;
  /** The parsed JSON body, or `undefined` if it was not JSON. */
  params: unknown;
  requestId: string;
  /** `Response.Error.Code` when the answer was an envelope error. */
  errorCode: string | undefined;
  /** `0` when the socket was reset by a fault. */
  httpStatus: number;
  /** Clock time (ms) the request was handled at. */
  at: number;
}

/** The live, mutable state of one domain. Tests may change it (e.g. `sandbox.domain(x).status = 'offline'`). */
export interface DomainState {
  domain: string;
  resourceId: string;
  appId: number;
  status: SandboxDomainStatus;
  cname: string;
  origins: string[];
  originType: string;
  serverName: string;
  /** The rest of Tencent's `Origin` object, kept so UpdateDomainConfig can reset what a request leaves out. */
  originPullProtocol: string;
  cosPrivateAccess: 'on' | 'off';
  backupOrigins: string[];
  backupOriginType: string | null;
  backupServerName: string | null;
  serviceType: string;
  area: SandboxArea;
  projectId: number;
  fullUrlCache: boolean;
  cacheKeyIgnoreCase: 'on' | 'off';
  cacheRules: SandboxCacheRule[];
  cacheSwitches: SandboxSimpleCacheSwitches;
  /** SimpleCache.Revalidate: always revalidate with the origin (for `Path`, or everywhere when null). */
  revalidate: { Switch: 'on' | 'off'; Path: string | null };
  referer: SandboxReferer;
  ipFilter: SandboxIpFilter;
  userAgentFilter: SandboxUserAgentFilter;
  https: HttpsState;
  /** `YYYY-MM-DD HH:mm:ss`, UTC+8. */
  createTime: string;
  updateTime: string;
  /**
   * Set while a change is being applied: the domain is `processing` and becomes `to` at clock time `at`. Applied
   * lazily, when the next request (or `sandbox.domain`) looks. Dropped if a test sets `status` itself meanwhile.
   */
  transition?: { to: 'online' | 'offline'; at: number } | undefined;
}

export interface TencentSandbox {
  /** `http://127.0.0.1:<port>`: use it as the API endpoint; the Host to sign is `127.0.0.1:<port>`. */
  url: string;
  calls: SandboxCall[];
  faults: FaultQueue;
  close(): Promise<void>;
  /** The live state of a domain in any account; throws if no account has it. */
  domain(name: string): DomainState;
  /** Every purge or prefetch entry for this exact URL (now or later) ends as `fail` instead of `done`. */
  failUrl(url: string): void;
  /** Completes every pending task now. */
  finishAllTasks(): void;
  /**
   * Clock ms at which the latest purge covering `url` ended `done`: a URL purge of the same URL (scheme and port
   * aside) or a directory purge it lies under. `undefined` when none has; `fail` entries never count.
   */
  lastPurgeDoneAt(url: string): number | undefined;
  /**
   * From `from` on (clock ms), until `endIncident`: `serverErrorShare` of `domain`'s requests answer 502 in the
   * status-code statistics, and/or its traffic (requests, bytes, bandwidth) is `trafficFactor` times the model's.
   */
  startIncident(domain: string, incident: SandboxIncident): void;
  /** Ends `domain`'s open incidents at `at`: minutes from then on are back to normal. */
  endIncident(domain: string, at: number): void;
}
