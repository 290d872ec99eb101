/**
 * What cdnops knows about Tencent accounts before the client loads: the account schema, error advice, cache headers
 * and the synchronous members. The client, operations and response schemas (index.ts) load on the first call.
 */
import type { ProviderProfile } from '../provider-factory.ts';
import type { TrafficLimits } from '../traffic-types.ts';
import type { ConfigField } from '../types.ts';
import { TencentAccount } from './account.ts';
import { TENCENT_IP_DENY_LIMIT } from './blocking.ts';
import { readTencentCacheStatus } from './cache-status.ts';
import { tencentHint } from './errors.ts';
import { checkTencentOrigin } from './origin.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * DescribeCdnData: ranges up to 90 days, 30 domains a call; `min` only up to 24 h, `5min` and `hour` up to 31 days.
 * ListTopData only covers the last 90 days, and DescribeCdnDomainLogs the last 30.
 */
export const TENCENT_TRAFFIC_LIMITS: TrafficLimits = {
  maxRangeMs: 90 * DAY_MS,
  retentionMs: 90 * DAY_MS,
  maxDomainsPerCall: 30,
  intervals: { '1min': DAY_MS, '5min': 31 * DAY_MS, hour: 31 * DAY_MS, day: 90 * DAY_MS },
  logRetentionMs: 30 * DAY_MS,
  addsUpOnRequest: true,
};

/** What UpdateDomainConfig changes here. */
export const TENCENT_CONFIG_FIELDS: readonly ConfigField[] = [
  'cacheRules',
  'referer',
  'originHost',
  'fullUrlCache',
  'projectId',
  'origin',
  'certificateId',
  'blocking',
];

export const tencentProfile: ProviderProfile<typeof TencentAccount> = {
  kind: 'tencent',
  accountSchema: TencentAccount,
  hint: tencentHint,
  readCacheStatus: readTencentCacheStatus,
  // DescribeCdnDomainLogs (tencent-cdn.md): signed links expire a day after they are issued.
  logLinkLifetime: '1 day',
  operations: [
    'listDomains',
    'describeDomains',
    'getQuota',
    'purgeUrls',
    'purgeDirs',
    'prefetchUrls',
    'purgeTasks',
    'prefetchTasks',
    'taskHistory',
    'taskProgress',
    'accessRules',
    'traffic',
    'statusCodes',
    'topUrls',
    'domainTopUrls',
    'statusCodeClasses',
    'intervalClassCounts',
    'logPackages',
    'certificates',
    'certificateDetails',
    'certificate',
    'startDomain',
    'stopDomain',
    'deleteDomain',
    'updateDomainConfig',
    'addDomain',
    'describeNodeIps',
  ],
  syncMembers: () => ({
    trafficLimits: () => TENCENT_TRAFFIC_LIMITS,
    ipDenyLimit: TENCENT_IP_DENY_LIMIT,
    configFields: TENCENT_CONFIG_FIELDS,
    checkOrigin: (setting, current) => checkTencentOrigin(setting, current?.originProtocol),
  }),
};
