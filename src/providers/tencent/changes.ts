/**
 * Tencent domain changes (StartCdnDomain, StopCdnDomain, DeleteCdnDomain, UpdateDomainConfig, AddCdnDomain): the
 * CdnProvider operations of issue 5, spread into the provider object by index.ts. Each write is followed on the
 * clock until the domain leaves `processing` (follow-domain-change.ts); the result carries the write's RequestId.
 * A refused write throws the client's ProviderError, which keeps Tencent's code and RequestId.
 */
import { isIPv4 } from 'node:net';
import type { Clock } from '../../clock.ts';
import { UsageError } from '../../errors.ts';
import type { CdnProvider, ChangeResult, NewDomain } from '../types.ts';
import { buildConfigUpdate, isEmptyChange } from './build-config-update.ts';
import { DescribeConfigDomainsResponse, WriteResponse } from './changes-schema.ts';
import type { TencentClient } from './client.ts';
import { type ChangeTarget, followDomainChange } from './follow-domain-change.ts';

export type ChangeOperations = Pick<
  CdnProvider,
  'startDomain' | 'stopDomain' | 'deleteDomain' | 'updateDomainConfig' | 'addDomain'
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

export function tencentChangeOperations(client: TencentClient, clock: Clock): ChangeOperations {
  async function write(
    action: string,
    params: Record<string, unknown>,
    domain: string,
    target: ChangeTarget,
  ): Promise<ChangeResult> {
    const { RequestId: requestId } = await client.call(action, params, WriteResponse);
    return followDomainChange({ client, clock, domain, requestId, target });
  }

  return {
    startDomain: (domain) => write('StartCdnDomain', { Domain: domain }, domain, 'online'),
    stopDomain: (domain) => write('StopCdnDomain', { Domain: domain }, domain, 'offline'),
    deleteDomain: (domain) => write('DeleteCdnDomain', { Domain: domain }, domain, 'gone'),

    async updateDomainConfig(domain, change) {
      if (isEmptyChange(change))
        return { requestId: undefined, state: 'done', message: 'Nothing to change.' };
      const page = await client.call(
        'DescribeDomainsConfig',
        { Offset: 0, Limit: 100, Filters: [{ Name: 'domain', Value: [domain] }] },
        DescribeConfigDomainsResponse,
      );
      // The filter may match longer names on some accounts; only the exact one is ours to rewrite.
      const read = (page.Domains ?? []).find((candidate) => candidate.Domain === domain);
      if (!read) {
        throw new UsageError(
          `${domain} is not a domain of this Tencent Cloud account.`,
          '`/cdn hosts` lists the domains of each account.',
        );
      }
      return write('UpdateDomainConfig', buildConfigUpdate(read, change), domain, 'settled');
    },

    addDomain(spec) {
      const params: Record<string, unknown> = {
        Domain: spec.domain,
        ServiceType: spec.serviceType,
        Origin: { Origins: spec.origins, OriginType: originType(spec) },
      };
      if (spec.projectId !== undefined) params.ProjectId = spec.projectId;
      return write('AddCdnDomain', params, spec.domain, 'online');
    },
  };
}
