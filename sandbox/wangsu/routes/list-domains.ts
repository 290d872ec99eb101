import { domainSummary } from '../domain-views.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

/**
 * `GET /api/domain`: every domain of the account, in the wrapper `domainListShape` selects, since the sources show
 * three (reference §2.1). The `cname-label` query is accepted and ignored: the sandbox has no CNAME labels.
 */
export function listDomains(ctx: RouteContext): RouteReply {
  const summaries = ctx.account.domains.map(domainSummary);
  const shape = ctx.state.domainListShape;
  if (shape === 'array') return { status: 200, body: summaries };
  return { status: 200, body: { [shape]: summaries } };
}
