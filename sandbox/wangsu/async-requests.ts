import { asyncPhase } from './async-phase.ts';
import type { AccountState, AsyncRequest, AsyncRequestKind, SandboxState } from './state.ts';
import type { WangsuDomainState } from './types.ts';
import { formatRequestTimestamp } from './wangsu-time.ts';

export function requestEndsAt(request: AsyncRequest, state: SandboxState): number {
  return request.finishedAt ?? request.submittedAt + state.deployDurationMs;
}

/** Requests on this domain that have not ended yet. */
export function pendingRequests(account: AccountState, domain: WangsuDomainState): AsyncRequest[] {
  return account.requests.filter((request) => request.domain === domain && request.outcome === undefined);
}

/**
 * Records an accepted 202 change: the domain shows `InProgress` until it ends. A `failNextDeploy` mark on the
 * domain is used up by this request.
 */
export function submitAsyncRequest(
  state: SandboxState,
  account: AccountState,
  input: { requestId: string; kind: AsyncRequestKind; domain: WangsuDomainState; nowMs: number },
): void {
  const fails = state.failNextDeploy.delete(input.domain.domainName);
  account.requests.push({
    requestId: input.requestId,
    kind: input.kind,
    domain: input.domain,
    submittedAt: input.nowMs,
    fails,
  });
  input.domain.status = 'InProgress';
}

function apply(account: AccountState, request: AsyncRequest, nowMs: number): void {
  const { domain } = request;
  if (request.kind === 'enable') domain.enabled = true;
  if (request.kind === 'disable') domain.enabled = false;
  if (request.kind === 'delete')
    account.domains = account.domains.filter((candidate) => candidate !== domain);
  domain.lastModifiedAt = nowMs;
}

/**
 * Ends every request whose time has come, in submission order: a success applies its change (config changes were
 * applied when accepted), a `FAIL` changes nothing. A domain with nothing left pending goes back to `Deployed`,
 * failed or not: the sandbox leaves it as it was.
 */
export function settleAsyncRequests(state: SandboxState, nowMs: number): void {
  for (const account of state.accounts) {
    for (const request of account.requests) {
      if (request.outcome !== undefined || requestEndsAt(request, state) > nowMs) continue;
      request.outcome = request.fails ? 'FAIL' : 'SUCCESS';
      if (!request.fails) apply(account, request, nowMs);
      if (pendingRequests(account, request.domain).length === 0) request.domain.status = 'Deployed';
    }
  }
}

const RESULT = { queued: 'WAIT', running: 'INPROGRESS' } as const;
const MESSAGE = {
  WAIT: 'The request is queued for deployment.',
  INPROGRESS: 'The configuration is being deployed.',
  SUCCESS: 'The configuration was deployed successfully.',
  FAIL: 'Deployment failed; it will be resubmitted automatically or handled by Wangsu support.',
} as const;

/** `GET /api/request/{id}`'s body (reference §2.2). */
export function requestStatusView(
  request: AsyncRequest,
  state: SandboxState,
  nowMs: number,
): Record<string, string> {
  const phase = asyncPhase(request.submittedAt, requestEndsAt(request, state), nowMs);
  const result = phase === 'done' ? (request.outcome ?? (request.fails ? 'FAIL' : 'SUCCESS')) : RESULT[phase];
  return {
    'cnc-request-id': request.requestId,
    timestamp: formatRequestTimestamp(request.submittedAt),
    'async-result': result,
    'async-message': MESSAGE[result],
  };
}
