import { sslOf } from '../certificates.ts';
import { domainDetail } from '../domain-views.ts';
import { requireDomain } from '../find-domain.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

/** `GET /api/domain/{name or id}`: the basic configuration; 404 `NoSuchDomain` for one not in the account. */
export function getDomain(ctx: RouteContext): RouteReply {
  const domain = requireDomain(ctx.account, ctx.params[0] ?? '');
  return {
    status: 200,
    body: { ...domainDetail(domain), ssl: sslOf(ctx.account.certificates, domain.domainName) },
  };
}
