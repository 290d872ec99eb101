/**
 * Domain changes in flight. A change puts the domain in `processing` at once and records where it ends; like task
 * status, the end is evaluated lazily: `settleDomainChanges` applies every change whose time has come, and runs
 * before each action and whenever a test looks at a domain.
 */
import type { ActionContext } from './action-context.ts';
import { ApiError } from './api-error.ts';
import { formatBeijingTime } from './beijing-time.ts';
import type { AccountState } from './state.ts';
import type { DomainState } from './types.ts';

/** Refuses a change to a domain already being changed, as Tencent does ("CDN资源正在被操作中"). */
export function refuseWhileProcessing(domain: DomainState): void {
  if (domain.status === 'processing') {
    throw new ApiError(
      'ResourceInUse.CdnOpInProgress',
      `Domain ${domain.domain} is being processed by another operation; try again when it is no longer processing.`,
    );
  }
}

/** Marks `domain` processing until `changeDurationMs` of clock time has passed, then `to`. */
export function beginProcessing(ctx: ActionContext, domain: DomainState, to: 'online' | 'offline'): void {
  domain.status = 'processing';
  domain.transition = { to, at: ctx.now + ctx.state.changeDurationMs };
  domain.updateTime = formatBeijingTime(ctx.now);
}

/** Ends every change of this account whose time has come. A status a test set meanwhile wins over the change. */
export function settleDomainChanges(account: AccountState, nowMs: number): void {
  for (const domain of account.domains) {
    const { transition } = domain;
    if (!transition) continue;
    if (domain.status !== 'processing') {
      domain.transition = undefined;
    } else if (nowMs >= transition.at) {
      domain.status = transition.to;
      domain.transition = undefined;
    }
  }
}
