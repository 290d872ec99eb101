import type { ActionHandler } from '../action-context.ts';
import { describeDomains } from './describe-domains.ts';
import { describeDomainsConfig } from './describe-domains-config.ts';
import { describePurgeTasks } from './describe-purge-tasks.ts';
import { describePushTasks } from './describe-push-tasks.ts';
import { describePurgeQuota, describePushQuota } from './describe-quotas.ts';
import { purgePathCache } from './purge-path-cache.ts';
import { purgeUrlsCache } from './purge-urls-cache.ts';
import { pushUrlsCache } from './push-urls-cache.ts';

/** The CDN actions the sandbox answers, by X-TC-Action. Anything else is `InvalidAction`. */
export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ['DescribeDomains', describeDomains],
  ['DescribeDomainsConfig', describeDomainsConfig],
  ['PurgeUrlsCache', purgeUrlsCache],
  ['PurgePathCache', purgePathCache],
  ['DescribePurgeTasks', describePurgeTasks],
  ['DescribePurgeQuota', describePurgeQuota],
  ['PushUrlsCache', pushUrlsCache],
  ['DescribePushTasks', describePushTasks],
  ['DescribePushQuota', describePushQuota],
]);
