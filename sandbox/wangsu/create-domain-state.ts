import { applyDataIdUpdate } from './apply-data-id-update.ts';
import { CacheTimeBehavior, cacheTimeDefaults, validateCacheTimeBehavior } from './cache-time-behavior.ts';
import type { WangsuDomainState, WangsuSandboxDomain } from './types.ts';
import { VisitControlRule, validateVisitControlRule, visitControlDefaults } from './visit-control-rule.ts';

/**
 * Fills a seed with realistic defaults. Its visit-control and cache-time groups go through the same schema, data-id
 * rules and validation as a PUT, so a bad seed fails at start-up rather than in the middle of a test.
 */
export function createDomainState(
  seed: WangsuSandboxDomain,
  domainId: string,
  nowMs: number,
): WangsuDomainState {
  const domainName = seed.domain.toLowerCase();
  const visit = applyDataIdUpdate({
    stored: [],
    requested: (seed.visitControlRules ?? []).map((rule) => VisitControlRule.parse(rule)),
    nextDataId: 1,
    rules: {
      listName: `${domainName} visit-control-rules`,
      defaults: visitControlDefaults,
      validate: validateVisitControlRule,
    },
  });
  const cache = applyDataIdUpdate({
    stored: [],
    requested: (seed.cacheTimeBehaviors ?? []).map((behavior) => CacheTimeBehavior.parse(behavior)),
    nextDataId: visit.nextDataId,
    rules: {
      listName: `${domainName} cache-time-behaviors`,
      defaults: cacheTimeDefaults,
      validate: validateCacheTimeBehavior,
    },
  });
  return {
    domainId,
    domainName,
    cname: seed.cname ?? `${domainName}.wscdns.com`,
    serviceType: seed.serviceType ?? 'web',
    status: seed.status ?? 'Deployed',
    enabled: seed.enabled ?? true,
    cdnServiceStatus: seed.cdnServiceStatus ?? true,
    originIps: seed.originIps ?? `origin.${domainName}`,
    originHostHeader: seed.originHostHeader ?? domainName,
    serviceAreas: seed.serviceAreas ?? 'cn',
    comment: seed.comment ?? '',
    createdAt: nowMs,
    lastModifiedAt: nowMs,
    visitControlRules: visit.groups,
    cacheTimeBehaviors: cache.groups,
    nextDataId: cache.nextDataId,
  };
}
