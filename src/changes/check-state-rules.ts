import { UsageError } from '../errors.ts';
import type { DomainStatus } from '../providers/types.ts';
import type { ChangePlan } from './change-plan.ts';

/**
 * The providers' state machine, checked before asking and again just before running: start needs a stopped
 * domain, stop a started one, delete a stopped one, and nothing may change a domain that is mid-deployment.
 */
export function checkStateRules(plan: ChangePlan, domain: string, status: DomainStatus | undefined): void {
  if (plan.kind === 'add') {
    if (status !== undefined) throw new UsageError(`\`${domain}\` already exists (${status}).`);
    return;
  }
  if (status === undefined) throw new UsageError(`\`${domain}\` no longer exists on this account.`);
  if (status === 'processing' || status === 'closing') {
    throw new UsageError(
      `\`${domain}\` is busy: a change is being deployed (${status}).`,
      'Try again in a few minutes; `/cdn host` shows its status.',
    );
  }
  if (plan.kind !== 'state') return;
  if (plan.operation === 'delete' && status !== 'offline') {
    throw new UsageError(
      `\`${domain}\` is ${status}; only a stopped domain can be deleted.`,
      `Stop it first with \`/cdn offline ${domain}\`, then delete it.`,
    );
  }
  if (plan.operation === 'start' && status !== 'offline') {
    throw new UsageError(`\`${domain}\` is already ${status}; only a stopped domain can be started.`);
  }
  if (plan.operation === 'stop' && status !== 'online') {
    throw new UsageError(`\`${domain}\` is ${status}; only an online domain can be stopped.`);
  }
}
