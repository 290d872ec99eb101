import { noteCertificateSwitch } from '../providers/certificate-switches.ts';
import { requireConfigFields, requireOperation } from '../providers/require-operation.ts';
import type { CdnProvider, ChangeResult } from '../providers/types.ts';
import type { ChangePlan } from './change-plan.ts';

/**
 * The provider operation that carries out a planned change, ready to call; throws UnsupportedError naming what the
 * provider lacks (the operation, or a configuration field it cannot change). The one check of "can this provider
 * do it": a request makes it before anyone is asked to confirm, and running the change makes it again.
 */
export function changeOperation(
  provider: CdnProvider,
  domain: string,
  plan: ChangePlan,
): () => Promise<ChangeResult> {
  switch (plan.kind) {
    case 'state': {
      const operation =
        plan.operation === 'start'
          ? requireOperation(provider, 'startDomain', 'Starting a domain')
          : plan.operation === 'stop'
            ? requireOperation(provider, 'stopDomain', 'Stopping a domain')
            : requireOperation(provider, 'deleteDomain', 'Deleting a domain');
      return () => operation(domain);
    }
    case 'config': {
      const update = requireOperation(provider, 'updateDomainConfig', 'Changing domain configuration');
      requireConfigFields(provider, plan.change);
      if (plan.change.origin) provider.checkOrigin?.(plan.change.origin);
      return () => update(domain, plan.change);
    }
    case 'add': {
      const add = requireOperation(provider, 'addDomain', 'Adding a domain');
      return () => add(plan.spec);
    }
  }
}

/**
 * Sends a planned change to its provider and waits until the provider says how it ended. A certificate switch the
 * provider accepted is noted, so a `cert < 14d` rule reads the account's certificates afresh instead of alerting
 * on the replaced one for hours.
 */
export async function executeChange(
  provider: CdnProvider,
  domain: string,
  plan: ChangePlan,
): Promise<ChangeResult> {
  const result = await changeOperation(provider, domain, plan)();
  if (result.state !== 'failed' && switchesCertificate(plan)) noteCertificateSwitch(provider);
  return result;
}

function switchesCertificate(plan: ChangePlan): boolean {
  if (plan.kind === 'config') return plan.change.certificateId !== undefined;
  return plan.kind === 'add' && plan.spec.certificateId !== undefined;
}
