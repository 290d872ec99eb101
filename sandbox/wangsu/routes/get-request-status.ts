import { classicError } from '../api-error.ts';
import { requestStatusView } from '../async-requests.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

/**
 * `GET /api/request/{x-cnc-request-id}` (also POST, which the SDK table lists): WAIT → INPROGRESS → SUCCESS|FAIL.
 * An id that is not an async change of this account answers 404 `NoSuchRequest`.
 */
export function getRequestStatus(ctx: RouteContext): RouteReply {
  const id = ctx.params[0] ?? '';
  const request = ctx.account.requests.find((candidate) => candidate.requestId === id);
  if (!request) {
    throw classicError(404, 'NoSuchRequest', `No asynchronous request ${id} exists for this account.`);
  }
  return { status: 200, body: requestStatusView(request, ctx.state, ctx.now) };
}
