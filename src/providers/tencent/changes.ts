/**
 * Tencent domain changes (StartCdnDomain, StopCdnDomain, DeleteCdnDomain, UpdateDomainConfig, AddCdnDomain): the
 * CdnProvider operations of issue 5, spread into the provider object by index.ts. Each write is followed on the
 * clock until the domain leaves `processing` (follow-domain-change.ts); the result carries the write's RequestId.
 * A refused write throws the client's ProviderError, which keeps Tencent's code and RequestId. A write whose answer
 * was lost after it was sent is never sent again: the domain is read back to learn whether it took effect.
 */
import { isIPv4 } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock.ts';
import { isAmbiguousFailure, UsageError } from '../../errors.ts';
import { notAppliedError, unreconciledError } from '../reconcile.ts';
import type { CdnProvider, ChangeResult, DomainConfigChange, NewDomain } from '../types.ts';
import { buildConfigUpdate, isEmptyChange, withoutNulls } from './build-config-update.ts';
import { type ConfigDomain, DescribeConfigDomainsResponse, WriteResponse } from './changes-schema.ts';
import type { TencentAction, TencentClient } from './client.ts';
import { type ChangeTarget, currentStatus, followDomainChange } from './follow-domain-change.ts';
import { TENCENT_CONFIG_FIELDS } from './profile.ts';

export type ChangeOperations = Pick<
  CdnProvider,
  'startDomain' | 'stopDomain' | 'deleteDomain' | 'updateDomainConfig' | 'configFields' | 'addDomain'
>;

/** `a.b.c.d` or `a.b.c.d:port`. */
function isIpOrigin(origin: string): boolean {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(origin);
  return match?.[1] !== undefined && isIPv4(match[1]);
}

/** Tencent needs OriginType with Origins: `ip` when every origin is an IPv4 address, else `domain`. */
function originType(spec: NewDomain): 'ip' | 'domain' {
  return spec.origins.every(isIpOrigin) ? 'ip' : 'domain';
}

/**
 * Whether a lost write took effect, judged from what Tencent shows now: `true` applied, or a sentence saying what
 * Tencent shows instead. `processing` counts as applied: only an accepted change puts a domain there.
 */
type AppliedCheck = () => Promise<true | string>;

/** `status` of the domain now is one a state change to `target` would leave it in. */
function statusCheck(
  client: TencentClient,
  domain: string,
  applied: readonly (string | undefined)[],
): AppliedCheck {
  return async () => {
    const status = await currentStatus(client, domain);
    if (applied.includes(status)) return true;
    return status === undefined ? `${domain} is not in the account` : `${domain} is still ${status}`;
  };
}

/** Applying the change to the configuration read now would change nothing: it is already in place. */
function configIsInPlace(read: ConfigDomain, change: DomainConfigChange): boolean {
  const wanted = buildConfigUpdate(read, change);
  return Object.entries(wanted)
    .filter(([key]) => key !== 'Domain')
    .every(([key, value]) => isDeepStrictEqual(value, withoutNulls(read[key as keyof ConfigDomain] ?? {})));
}

export function tencentChangeOperations(client: TencentClient, clock: Clock): ChangeOperations {
  async function readConfig(domain: string): Promise<ConfigDomain | undefined> {
    const page = await client.call(
      'DescribeDomainsConfig',
      { Offset: 0, Limit: 100, Filters: [{ Name: 'domain', Value: [domain] }] },
      DescribeConfigDomainsResponse,
    );
    // The filter may match longer names on some accounts; only the exact one is ours.
    return (page.Domains ?? []).find((candidate) => candidate.Domain === domain);
  }

  async function write(
    action: TencentAction,
    params: Record<string, unknown>,
    domain: string,
    target: ChangeTarget,
    wasApplied: AppliedCheck,
  ): Promise<ChangeResult> {
    let requestId: string | undefined;
    try {
      ({ RequestId: requestId } = await client.call(action, params, WriteResponse));
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      let applied: true | string;
      try {
        applied = await wasApplied();
      } catch (check) {
        throw unreconciledError(error, check, `\`/cdn host ${domain}\` shows where it stands`);
      }
      if (applied !== true) throw notAppliedError(error, applied);
      const result = await followDomainChange({ client, clock, domain, requestId: error.requestId, target });
      return {
        ...result,
        reconciled: true,
        message:
          `Outcome reconciled: the answer to ${action} was lost (${error.providerCode}), so Tencent was asked what happened. ${result.message ?? ''}`.trim(),
      };
    }
    return followDomainChange({ client, clock, domain, requestId, target });
  }

  return {
    startDomain: (domain) =>
      write(
        'StartCdnDomain',
        { Domain: domain },
        domain,
        'online',
        statusCheck(client, domain, ['online', 'processing']),
      ),
    stopDomain: (domain) =>
      write(
        'StopCdnDomain',
        { Domain: domain },
        domain,
        'offline',
        statusCheck(client, domain, ['offline', 'processing']),
      ),
    deleteDomain: (domain) =>
      write(
        'DeleteCdnDomain',
        { Domain: domain },
        domain,
        'gone',
        statusCheck(client, domain, [undefined, 'processing']),
      ),

    configFields: TENCENT_CONFIG_FIELDS,

    async updateDomainConfig(domain, change) {
      if (isEmptyChange(change))
        return { requestId: undefined, state: 'done', message: 'Nothing to change.' };
      const read = await readConfig(domain);
      if (!read) {
        throw new UsageError(
          `${domain} is not a domain of this Tencent Cloud account.`,
          '`/cdn hosts` lists the domains of each account.',
        );
      }
      return write('UpdateDomainConfig', buildConfigUpdate(read, change), domain, 'settled', async () => {
        // DescribeDomainsConfig does not show the project, so a project move cannot be read back.
        if (change.projectId !== undefined) throw new Error('the project cannot be read back');
        const now = await readConfig(domain);
        if (!now) return `${domain} is not in the account`;
        return configIsInPlace(now, change) || `${domain} still has its previous configuration`;
      });
    },

    addDomain(spec) {
      const params: Record<string, unknown> = {
        Domain: spec.domain,
        ServiceType: spec.serviceType,
        Origin: { Origins: spec.origins, OriginType: originType(spec) },
      };
      if (spec.projectId !== undefined) params.ProjectId = spec.projectId;
      return write(
        'AddCdnDomain',
        params,
        spec.domain,
        'online',
        statusCheck(client, spec.domain, ['online', 'processing', 'offline']),
      );
    },
  };
}
