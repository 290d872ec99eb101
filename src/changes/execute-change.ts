import { requireOperation } from '../providers/require-operation.ts';
import type { CdnProvider, ChangeResult } from '../providers/types.ts';
import type { ChangePlan } from './change-plan.ts';

/** Sends a planned change to its provider and waits until the provider says how it ended. */
export function executeChange(
  provider: CdnProvider,
  domain: string,
  plan: ChangePlan,
): Promise<ChangeResult> {
  switch (plan.kind) {
    case 'state':
      if (plan.operation === 'start')
        return requireOperation(provider, 'startDomain', 'Starting a domain')(domain);
      if (plan.operation === 'stop')
        return requireOperation(provider, 'stopDomain', 'Stopping a domain')(domain);
      return requireOperation(provider, 'deleteDomain', 'Deleting a domain')(domain);
    case 'config':
      return requireOperation(
        provider,
        'updateDomainConfig',
        'Changing domain configuration',
      )(domain, plan.change);
    case 'add':
      return requireOperation(provider, 'addDomain', 'Adding a domain')(plan.spec);
  }
}
