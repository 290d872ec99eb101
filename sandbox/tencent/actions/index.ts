import type { ActionHandler } from '../action-context.ts';
import { describeCertDomains } from '../certificates.ts';
import { addCdnDomain } from './add-cdn-domain.ts';
import { deleteCdnDomain } from './delete-cdn-domain.ts';
import { describeCdnData } from './describe-cdn-data.ts';
import { describeCdnDomainLogs } from './describe-cdn-domain-logs.ts';
import { describeCdnIp } from './describe-cdn-ip.ts';
import { describeDomains } from './describe-domains.ts';
import { describeDomainsConfig } from './describe-domains-config.ts';
import { describePurgeTasks } from './describe-purge-tasks.ts';
import { describePushTasks } from './describe-push-tasks.ts';
import { describePurgeQuota, describePushQuota } from './describe-quotas.ts';
import { listTopData } from './list-top-data.ts';
import { purgePathCache } from './purge-path-cache.ts';
import { purgeUrlsCache } from './purge-urls-cache.ts';
import { pushUrlsCache } from './push-urls-cache.ts';
import { startCdnDomain } from './start-cdn-domain.ts';
import { stopCdnDomain } from './stop-cdn-domain.ts';
import { updateDomainConfig } from './update-domain-config.ts';

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
  ['DescribeCdnData', describeCdnData],
  ['ListTopData', listTopData],
  ['DescribeCdnDomainLogs', describeCdnDomainLogs],
  ['StartCdnDomain', startCdnDomain],
  ['StopCdnDomain', stopCdnDomain],
  ['DeleteCdnDomain', deleteCdnDomain],
  ['UpdateDomainConfig', updateDomainConfig],
  ['AddCdnDomain', addCdnDomain],
  ['DescribeCdnIp', (params, ctx) => describeCdnIp(params, ctx)],
  ['DescribeCertDomains', describeCertDomains],
]);
