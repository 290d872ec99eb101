import { z } from 'zod';
import { classicError } from '../api-error.ts';
import { applyDataIdUpdate, type DataIdGroup, type DataIdUpdateRules } from '../apply-data-id-update.ts';
import { submitAsyncRequest } from '../async-requests.ts';
import { CacheTimeBehavior, cacheTimeDefaults, validateCacheTimeBehavior } from '../cache-time-behavior.ts';
import { requireDomain } from '../find-domain.ts';
import type { AsyncRequestKind } from '../state.ts';
import type { WangsuDomainState } from '../types.ts';
import { VisitControlRule, validateVisitControlRule, visitControlDefaults } from '../visit-control-rule.ts';
import { requireNoPendingChange } from './change-domain-state.ts';
import { parseClassicBody } from './parse-body.ts';
import { acceptedReply, type RouteContext, type RouteHandler, type RouteReply } from './route-context.ts';

/** One multi-group config: where it lives in the state, its list key and its group rules. */
interface ConfigKind<T extends DataIdGroup> {
  kind: Extract<AsyncRequestKind, 'visitcontrol' | 'cachetime'>;
  listName: 'visit-control-rules' | 'cache-time-behaviors';
  /** Parses a PUT body to its list; `[]` for an empty node. */
  body: z.ZodType<T[]>;
  groups(domain: WangsuDomainState): T[];
  rules: DataIdUpdateRules<T>;
}

/**
 * The PUT body. `domain-id`/`domain-name` are accepted (and ignored) so a client can send back what it read; the
 * list is required, and `[]`, `null` or `""` is the "empty node" that clears every group.
 */
function configBody<T>(listName: string, group: z.ZodType<T>) {
  const emptyNodeAsList = (value: unknown) => (value === null || value === '' ? [] : value);
  return z
    .strictObject({
      'domain-id': z.union([z.string(), z.number()]).optional(),
      'domain-name': z.string().optional(),
      [listName]: z.preprocess(emptyNodeAsList, z.array(group)),
    })
    .transform((body): T[] => {
      // A computed key types every field of the shape alike; after the preprocess this one is always the array.
      const list = body[listName];
      return Array.isArray(list) ? list : [];
    });
}

export const VISIT_CONTROL: ConfigKind<VisitControlRule> = {
  kind: 'visitcontrol',
  listName: 'visit-control-rules',
  body: configBody('visit-control-rules', VisitControlRule),
  groups: (domain) => domain.visitControlRules,
  rules: {
    listName: 'visit-control-rules',
    defaults: visitControlDefaults,
    validate: validateVisitControlRule,
  },
};

export const CACHE_TIME: ConfigKind<CacheTimeBehavior> = {
  kind: 'cachetime',
  listName: 'cache-time-behaviors',
  body: configBody('cache-time-behaviors', CacheTimeBehavior),
  groups: (domain) => domain.cacheTimeBehaviors,
  rules: {
    listName: 'cache-time-behaviors',
    defaults: cacheTimeDefaults,
    validate: validateCacheTimeBehavior,
  },
};

/** `GET /api/config/{kind}/{name or id}`: `{domain-id, domain-name, <list>}`. */
export function getConfig<T extends DataIdGroup>(config: ConfigKind<T>): RouteHandler {
  return function getDomainConfig(ctx: RouteContext): RouteReply {
    const domain = requireDomain(ctx.account, ctx.params[0] ?? '');
    return {
      status: 200,
      body: {
        'domain-id': domain.domainId,
        'domain-name': domain.domainName,
        [config.listName]: config.groups(domain),
      },
    };
  };
}

/**
 * `PUT /api/config/{kind}/{name or id}` with the data-id semantics of reference §2.6. The new groups are applied to
 * the state at once (so a GET right after shows them) and the 202's request id follows the deployment. A disabled
 * domain refuses changes (SDK: "Offline domains could not be modified"), as does one with a pending
 * enable/disable/delete.
 */
export function putConfig<T extends DataIdGroup>(config: ConfigKind<T>): RouteHandler {
  return function putDomainConfig(ctx: RouteContext): RouteReply {
    const domain = requireDomain(ctx.account, ctx.params[0] ?? '');
    const requested = parseClassicBody(ctx, config.body);
    if (!domain.enabled) {
      throw classicError(
        400,
        'DomainDisabled',
        `Domain ${domain.domainName} is disabled and cannot be modified; enable it first.`,
      );
    }
    requireNoPendingChange(ctx.account, domain, true);
    const stored = config.groups(domain);
    const result = applyDataIdUpdate({
      stored,
      requested,
      nextDataId: domain.nextDataId,
      rules: config.rules,
    });
    // In place, so arrays handed out by visitControl()/cacheTime() stay live.
    stored.splice(0, stored.length, ...result.groups);
    domain.nextDataId = result.nextDataId;
    domain.lastModifiedAt = ctx.now;
    submitAsyncRequest(ctx.state, ctx.account, {
      requestId: ctx.requestId,
      kind: config.kind,
      domain,
      nowMs: ctx.now,
    });
    return acceptedReply(`${ctx.baseUrl}/api/config/${config.kind}/${domain.domainId}`);
  };
}
