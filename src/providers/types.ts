/**
 * The one contract every CDN provider implements. Commands speak only this; everything provider-specific (auth,
 * wire formats, error codes) stays in the provider's folder.
 *
 * Methods marked optional are operations some providers lack; callers go through `requireOperation` so a missing
 * one becomes a clear "not supported on <kind> accounts" reply instead of a crash.
 */
import type {
  BlockChange,
  CertificateDetails,
  CertificateInfo,
  DomainCertificate,
} from './certificate-types.ts';
import type { NodeIpInfo } from './node-ip-types.ts';
import type {
  DomainClassCount,
  DomainSeries,
  DomainStatusCodes,
  DomainTopUrls,
  LogPackage,
  NeedsExactCount,
  TopEntry,
  TrafficLimits,
  TrafficMetric,
  TrafficQuery,
} from './traffic-types.ts';

export type DomainStatus = 'online' | 'offline' | 'processing' | 'rejected' | 'closing' | 'unknown';

/** Where a domain is accelerated; purge/prefetch quota is counted per area. */
export type Area = 'mainland' | 'overseas' | 'global';

export interface DomainSummary {
  domain: string;
  /** The provider's own id (Tencent ResourceId `cdn-xxxx`, Wangsu domain-id). */
  id: string;
  status: DomainStatus;
  cname: string | undefined;
  origins: string[];
  serviceType: string | undefined;
  area: Area | undefined;
  projectId: number | undefined;
  /** Provider's free-text reason when a domain is disabled (overdue, malicious, ...). */
  disabledReason: string | undefined;
  updatedAt: string | undefined;
}

export interface CacheRule {
  /** all | file (suffixes) | directory | path | index */
  type: string;
  contents: string[];
  seconds: number;
}

export interface RefererRule {
  type: 'whitelist' | 'blacklist';
  referers: string[];
  allowEmpty: boolean;
  /** The paths the rule applies to (type all → ['*']). */
  ruleType: string;
  rulePaths: string[];
}

export interface DomainDetail extends DomainSummary {
  originHost: string | undefined;
  originType: string | undefined;
  /**
   * How the CDN fetches from the origin: `follow` uses the scheme of the client's request. Only providers that
   * report it set it (Tencent's OriginPullProtocol).
   */
  originProtocol: 'http' | 'https' | 'follow' | undefined;
  /** Backup (hot standby) origins, where the provider reports them. */
  backupOrigins?: string[];
  fullUrlCache: boolean | undefined;
  cacheRules: CacheRule[];
  followOrigin: boolean | undefined;
  referer: { enabled: boolean; rules: RefererRule[] } | undefined;
  https: boolean | undefined;
  /** The HTTPS certificate, for providers whose domain detail names it. */
  certificate?: CertificateInfo | undefined;
}

export type QuotaKind = 'url-purge' | 'dir-purge' | 'prefetch';

export interface Quota {
  kind: QuotaKind;
  area: Area;
  /** Most items one request may carry. */
  batch: number;
  /** Items allowed per day. */
  total: number;
  /** Items left today. */
  available: number;
}

export interface SubmittedTask {
  /** Empty when the provider could not name the task (see `since`). */
  taskId: string;
  requestId: string | undefined;
  items: string[];
  /**
   * Set when the submission's answer was lost (the connection dropped after the request was sent) and the task was
   * found afterwards in the provider's task list instead.
   */
  reconciled?: true;
  /**
   * Set when the task was found but its id cannot be learned (Wangsu's status query by time does not return
   * itemIds): its items are followed by URL among the tasks created since this time, epoch ms.
   */
  since?: number;
}

export type TaskState = 'process' | 'done' | 'fail';

export interface TaskRecord {
  taskId: string;
  url: string;
  state: TaskState;
  kind: 'url' | 'dir' | 'prefetch';
  flushType: string | undefined;
  /** Epoch ms. */
  createdAt: number | undefined;
}

export interface TaskQuery {
  taskId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  keyword?: string;
  /** Most records to return; providers page internally up to this. */
  limit?: number;
}

/** Where one submitted task stands: running, or ended with the items that failed (`fail` when every one did). */
export type TaskProgress = { state: 'process' } | { state: 'done' | 'fail'; failedItems: string[] };

/** One page-worth of task history, with how many records the provider has in all. */
export interface TaskHistory {
  /** Newest first, at most the query's limit. */
  records: TaskRecord[];
  /** Every record matching the query, as the provider counts them (not only those returned). */
  total: number;
  /**
   * Set when the provider keeps less history than asked for: the records start at `from` (epoch ms), the oldest
   * it can answer for, and it keeps `keptDays` days.
   */
  clamped?: { from: number; keptDays: number };
}

export interface PurgeOptions {
  /** Encode non-ASCII characters before purging (Tencent UrlEncode). */
  urlEncode: boolean;
  area?: Area;
}

export interface DirPurgeOptions extends PurgeOptions {
  /** flush = only changed objects; delete = everything under the directory. */
  flushType: 'flush' | 'delete';
}

/**
 * One visit-control (anti-leech) rule, in one shape for every provider: what requests it applies to, which IPs,
 * referers and user agents it lets through or refuses, and what a refused request gets.
 */
export interface AccessRule {
  /** The provider's id of the rule group (Wangsu data-id), when it has one. */
  id: string | undefined;
  /** Human-readable conditions, e.g. "directory /home/", "file types jpg png", "all files". */
  appliesTo: string[];
  /** Conditions excluded from the rule, same form. */
  except: string[];
  ip: { allow: string[]; deny: string[] } | undefined;
  referer:
    | {
        allow: string[];
        deny: string[];
        /** true: a request without Referer passes; false: it is refused; undefined: not said. */
        allowEmpty: boolean | undefined;
      }
    | undefined;
  userAgent: { allow: string[]; deny: string[] } | undefined;
  /** What a refused request gets. */
  action: { kind: 'status'; status: number } | { kind: 'redirect'; location: string };
  /** Higher wins when several rules match. */
  priority: number | undefined;
}

/** Referer anti-leech for a whole domain, as `/cdn referer` sets it. */
export type RefererSetting =
  | { mode: 'off' }
  | {
      mode: 'allow' | 'deny';
      referers: string[];
      /** Whether a request without a Referer header gets through. */
      allowEmpty: boolean;
    };

/**
 * Fields of a domain's configuration that cdnops changes. Only the fields given change; the provider reads the
 * current configuration and writes the whole object back, because Tencent's UpdateDomainConfig resets omitted
 * sub-fields and Wangsu's PUT replaces whole rule lists. A provider lists the fields it can change in
 * `configFields`; asked for another, it throws UnsupportedError naming it.
 */
export interface DomainConfigChange {
  cacheRules?: CacheRule[];
  referer?: RefererSetting;
  /** The Host header sent to the origin. */
  originHost?: string;
  fullUrlCache?: boolean;
  projectId?: number;
  origin?: OriginSetting;
  /** Serve HTTPS with this certificate, already uploaded to the provider (see certificates.ts). */
  certificateId?: string;
  /** Add to or take from the whole-domain IP or user-agent deny list (see blocking.ts). */
  blocking?: BlockChange;
}

/**
 * The origins `/cdn origin … set` replaces: IPs (`1.2.3.4[:port]`, `[v6]:port`) or one domain; backups and the pull
 * protocol only when asked for (absent: kept as they are).
 */
export interface OriginSetting {
  origins: string[];
  backup?: string[];
  protocol?: 'http' | 'https' | 'follow';
}

/** A field of DomainConfigChange, by name. */
export type ConfigField = keyof DomainConfigChange;

/** How a field is named when cdnops says it cannot be changed: "Changing <name> is not supported ...". */
export const CONFIG_FIELD_NAMES: Readonly<Record<ConfigField, string>> = {
  cacheRules: 'cache rules',
  referer: 'referer anti-leech',
  originHost: 'the origin Host header',
  fullUrlCache: 'full-URL caching',
  projectId: 'the project',
  origin: 'the origin',
  certificateId: 'the HTTPS certificate',
  blocking: 'IP and user-agent blocking',
};

export interface NewDomain {
  domain: string;
  /** IPs (with optional :port) or one domain. */
  origins: string[];
  serviceType: 'web' | 'download' | 'media';
  projectId?: number;
}

/** The outcome of a change that the provider applies asynchronously, followed until it ended. */
export interface ChangeResult {
  requestId: string | undefined;
  state: 'done' | 'failed' | 'pending';
  message: string | undefined;
  /**
   * The write's answer was lost (connection dropped after it was sent) and the outcome was read back from the
   * provider's state instead.
   */
  reconciled?: true;
}

export interface CdnProvider {
  /**
   * The provider's key in the registry (`tencent`, `wangsu`). A string rather than the registry's ProviderKind:
   * the registry imports every provider, and every provider implements this contract.
   */
  readonly kind: string;
  /** The account id from the config file (`providers.<id>`). */
  readonly accountId: string;

  listDomains(): Promise<DomainSummary[]>;
  /** Full configuration of the named domains; unknown names are simply absent from the result. */
  describeDomains(domains: string[]): Promise<DomainDetail[]>;

  getQuota(): Promise<Quota[]>;
  /** One request: callers chunk by the quota's `batch`. */
  purgeUrls(urls: string[], options: PurgeOptions): Promise<SubmittedTask>;
  purgeDirs(dirs: string[], options: DirPurgeOptions): Promise<SubmittedTask>;
  prefetchUrls(urls: string[], options: PurgeOptions): Promise<SubmittedTask>;

  purgeTasks(query: TaskQuery): Promise<TaskRecord[]>;
  prefetchTasks?(query: TaskQuery): Promise<TaskRecord[]>;
  /**
   * Task history for `/cdn purges`: the newest `limit` records and the true total. A range reaching back further
   * than the provider keeps is narrowed to what it keeps (and `clamped` says so) instead of failing.
   */
  taskHistory?(kind: 'purge' | 'prefetch', query: TaskQuery): Promise<TaskHistory>;
  /**
   * Where a submitted task of `items` items stands, in fewer calls than reading its records where the provider
   * counts them by state: following a 10,000-URL purge then costs a few calls a poll, not one per 100 URLs.
   */
  taskProgress?(kind: 'purge' | 'prefetch', task: { taskId: string; items: number }): Promise<TaskProgress>;

  /** Every visit-control rule of a domain (IP, referer and user-agent filters). */
  accessRules?(domain: string): Promise<AccessRule[]>;

  /** What ranges, intervals and batch sizes the traffic operations accept. */
  trafficLimits?(): TrafficLimits;
  /** One series per domain and metric asked for. */
  traffic?(query: TrafficQuery, metrics: readonly TrafficMetric[]): Promise<DomainSeries[]>;
  statusCodes?(query: TrafficQuery): Promise<DomainStatusCodes[]>;
  /**
   * The request hit rate (percent) per interval where `traffic` has none: Wangsu's hit-ratio report, which adds up
   * the domains of a call like its other traffic reports (a series of several domains carries `domains`).
   */
  requestHitRates?(query: TrafficQuery): Promise<DomainSeries[]>;
  topUrls?(query: TrafficQuery & { by: 'flux' | 'request'; limit: number }): Promise<TopEntry[]>;
  /** Each domain's own top URLs, for a batch of domains in as few calls as the provider allows. */
  domainTopUrls?(query: TrafficQuery & { by: 'flux' | 'request'; limit: number }): Promise<DomainTopUrls[]>;
  /**
   * Each domain's status-code classes (`2xx` … `5xx` totals, no series, no single codes), in fewer calls than
   * `statusCodes` where the provider ranks domains by class; undefined for a range it cannot answer that way.
   */
  statusCodeClasses?(query: TrafficQuery): Promise<DomainStatusCodes[] | undefined>;
  /**
   * Each domain's requests of one class (`4xx`, `5xx`) over a short range such as one 5-minute interval, in far
   * fewer calls than `statusCodes` where the provider ranks domains by class (Tencent: ListTopData, two calls per
   * 30 domains), for alert rules evaluated every 5 minutes. `interval` is not used. Where the first call already
   * bounds every count of a batch from above (Tencent: the ranking from the range's start on), `needsExact` decides
   * whether the batch's exact counts are asked; those not asked come back with `exact: false` and the bound.
   */
  intervalClassCounts?(
    query: TrafficQuery & { codeClass: '4xx' | '5xx'; needsExact?: NeedsExactCount | undefined },
  ): Promise<DomainClassCount[]>;
  /** Log packages of one domain whose period overlaps [from, to). */
  logPackages?(domain: string, from: number, to: number): Promise<LogPackage[]>;

  /** Start a stopped domain, stop a started one, delete a stopped one; resolves once the provider says it ended. */
  startDomain?(domain: string): Promise<ChangeResult>;
  stopDomain?(domain: string): Promise<ChangeResult>;
  deleteDomain?(domain: string): Promise<ChangeResult>;
  updateDomainConfig?(domain: string, change: DomainConfigChange): Promise<ChangeResult>;
  /**
   * The fields `updateDomainConfig` can change; absent means none. Change requests check it (and that each change
   * operation exists) before anyone is asked to confirm, so an unsupported change is refused by name up front.
   */
  readonly configFields?: readonly ConfigField[];
  addDomain?(domain: NewDomain): Promise<ChangeResult>;
  /** Refuses (UsageError / UnsupportedError) origins this provider does not take, before anyone confirms. */
  checkOrigin?(setting: OriginSetting, current?: DomainDetail): void;
  /** Whether each address is one of the provider's nodes (Tencent DescribeCdnIp); batches and paces itself. */
  describeNodeIps?(ips: string[]): Promise<NodeIpInfo[]>;

  /** Every domain of the account with its HTTPS certificate, or none when it serves no HTTPS. */
  certificates?(): Promise<DomainCertificate[]>;
  /** A certificate uploaded to the provider, by id; undefined when the provider has none by that id. */
  certificate?(id: string): Promise<CertificateInfo | undefined>;
  /**
   * Subject, SANs and issuer of the certificates `ids`, for providers whose domain listing leaves them out
   * (Tencent): one look-up per distinct id. Never throws for one certificate: its reason is in `unavailable`.
   */
  certificateDetails?(ids: readonly string[]): Promise<CertificateDetails>;
  /** How many entries the whole-domain IP deny list may hold, when the provider documents a limit. */
  readonly ipDenyLimit?: number;
}

export type {
  BlockChange,
  CertificateDetails,
  CertificateInfo,
  DomainCertificate,
} from './certificate-types.ts';
export type OptionalOperation = {
  [K in keyof CdnProvider]-?: undefined extends CdnProvider[K] ? K : never;
}[keyof CdnProvider];
