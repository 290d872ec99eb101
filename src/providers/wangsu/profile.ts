/**
 * What cdnops knows about Wangsu accounts before the client loads: the account schema, error advice, cache headers
 * and the synchronous members. The client, operations and response schemas (index.ts) load on the first call.
 */
import type { ProviderProfile } from '../provider-factory.ts';
import type { TrafficLimits } from '../traffic-types.ts';
import type { ConfigField } from '../types.ts';
import { WangsuAccount } from './account.ts';
import { readWangsuCacheStatus } from './cache-status.ts';
import { wangsuHint } from './errors.ts';
import { checkWangsuOrigin } from './origin.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reports: at most 31 days per call at any `type`, the last 2 years, 20 domains a call (reference §2.4).
 * Log links: the reference allows the last 2 years "further limited by the domain's log-retention setting", which
 * cdnops cannot read; 30 days is the retention it assumes, so older days are refused up front rather than
 * answered with an empty list.
 */
export const WANGSU_TRAFFIC_LIMITS: TrafficLimits = {
  maxRangeMs: 31 * DAY_MS,
  retentionMs: 730 * DAY_MS,
  maxDomainsPerCall: 20,
  intervals: { '5min': 31 * DAY_MS, hour: 31 * DAY_MS, day: 31 * DAY_MS },
  logRetentionMs: 30 * DAY_MS,
  statusCodes: { maxRangeMs: 7 * DAY_MS, retentionMs: 183 * DAY_MS },
  pooledTraffic: true,
  accountBudget: { calls: 300, windowMs: 5 * 60 * 1000 },
};

/** Full-URL caching and projects have no Wangsu API: change requests refuse them up front. */
export const WANGSU_CONFIG_FIELDS: readonly ConfigField[] = [
  'cacheRules',
  'referer',
  'originHost',
  'origin',
  'certificateId',
  'blocking',
];

export const wangsuProfile: ProviderProfile<typeof WangsuAccount> = {
  kind: 'wangsu',
  accountSchema: WangsuAccount,
  hint: wangsuHint,
  readCacheStatus: readWangsuCacheStatus,
  // No logLinkLifetime: Wangsu does not document how long its log links last, so users are not told a number.
  operations: [
    'listDomains',
    'certificates',
    'certificate',
    'describeDomains',
    'getQuota',
    'purgeUrls',
    'purgeDirs',
    'prefetchUrls',
    'purgeTasks',
    'prefetchTasks',
    'taskHistory',
    'accessRules',
    'startDomain',
    'stopDomain',
    'deleteDomain',
    'updateDomainConfig',
    'traffic',
    'statusCodes',
    'requestHitRates',
    'logPackages',
  ],
  syncMembers: (accountId) => ({
    trafficLimits: () => WANGSU_TRAFFIC_LIMITS,
    configFields: WANGSU_CONFIG_FIELDS,
    checkOrigin: (setting) => checkWangsuOrigin(accountId, setting),
  }),
};
