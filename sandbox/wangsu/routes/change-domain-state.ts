import { classicError } from '../api-error.ts';
import { pendingRequests, submitAsyncRequest } from '../async-requests.ts';
import { findDomain, requireDomain } from '../find-domain.ts';
import type { AccountState } from '../state.ts';
import type { WangsuDomainState } from '../types.ts';
import { acceptedReply, type RouteContext, type RouteReply } from './route-context.ts';

/**
 * 409 `DomainInProgress` while an earlier change on the domain is pending, as the console refuses a second
 * operation on a deploying domain. `onlyStateChanges` lets config changes through behind other config changes.
 */
export function requireNoPendingChange(
  account: AccountState,
  domain: WangsuDomainState,
  onlyStateChanges: boolean,
): void {
  const blocking = pendingRequests(account, domain).find(
    (request) => !onlyStateChanges || ['enable', 'disable', 'delete'].includes(request.kind),
  );
  if (blocking) {
    throw classicError(
      409,
      'DomainInProgress',
      `Domain ${domain.domainName} has a ${blocking.kind} change in progress; poll /api/request/${blocking.requestId} until it ends, then retry.`,
    );
  }
}

/**
 * enable/disable take the numeric `domain-id` only (the SDKs name the parameter so, and clients pass the id); a
 * name answers 404 with a hint to resolve it first. The sandbox does not guess whether the real API accepts names.
 */
function requireDomainById(ctx: RouteContext): WangsuDomainState {
  const id = ctx.params[0] ?? '';
  const domain = ctx.account.domains.find((candidate) => candidate.domainId === id);
  if (domain) return domain;
  const byName = findDomain(ctx.account, id);
  const hint = byName ? ` Pass its domain-id (${byName.domainId}); GET /api/domain/${id} returns it.` : '';
  throw classicError(404, 'NoSuchDomain', `The domain-id ${id} does not exist in this account.${hint}`);
}

function accept(
  ctx: RouteContext,
  domain: WangsuDomainState,
  kind: 'enable' | 'disable' | 'delete',
): RouteReply {
  submitAsyncRequest(ctx.state, ctx.account, { requestId: ctx.requestId, kind, domain, nowMs: ctx.now });
  return acceptedReply(`${ctx.baseUrl}/api/domain/${domain.domainId}`);
}

/** `PUT /api/domain/{domain-id}/enable`: 202; 400 `DomainAlreadyEnabled` when it is enabled. */
export function enableDomain(ctx: RouteContext): RouteReply {
  const domain = requireDomainById(ctx);
  requireNoPendingChange(ctx.account, domain, false);
  if (domain.enabled) {
    throw classicError(400, 'DomainAlreadyEnabled', `Domain ${domain.domainName} is already enabled.`);
  }
  return accept(ctx, domain, 'enable');
}

/** `PUT /api/domain/{domain-id}/disable`: 202; 400 `DomainAlreadyDisabled` when it is disabled. */
export function disableDomain(ctx: RouteContext): RouteReply {
  const domain = requireDomainById(ctx);
  requireNoPendingChange(ctx.account, domain, false);
  if (!domain.enabled) {
    throw classicError(400, 'DomainAlreadyDisabled', `Domain ${domain.domainName} is already disabled.`);
  }
  return accept(ctx, domain, 'disable');
}

/**
 * `DELETE /api/domain/{name or id}`: 202; the domain disappears when the request succeeds. The sandbox does not
 * require the domain to be disabled first: no source says the real API does.
 */
export function deleteDomain(ctx: RouteContext): RouteReply {
  const domain = requireDomain(ctx.account, ctx.params[0] ?? '');
  requireNoPendingChange(ctx.account, domain, false);
  return accept(ctx, domain, 'delete');
}
