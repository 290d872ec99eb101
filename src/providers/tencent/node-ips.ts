/**
 * `/cdn ip` on Tencent: DescribeCdnIp, at most 20 addresses a call (its documentation: "单次可支持1-20个IP查询").
 * Its own limit of 200 calls per 10 minutes is kept by the client's pacing (action-limits.ts), so a long list just
 * takes longer instead of running into RequestLimitExceeded.
 */
import * as z from 'zod';
import type { NodeIpInfo } from '../node-ip-types.ts';
import type { CdnProvider } from '../types.ts';
import type { TencentClient } from './client.ts';

export const NODE_IPS_PER_CALL = 20;

const CdnIp = z.object({
  Ip: z.string(),
  Platform: z.string(),
  Location: z.string().nullish(),
  City: z.string().nullish(),
  Area: z.string().nullish(),
  History: z.array(z.object({ Status: z.string(), Datetime: z.string().nullish() })).nullish(),
});

const DescribeCdnIpResponse = z.object({ Ips: z.array(CdnIp).nullish() });

function known(value: string | null | undefined): string | undefined {
  return value && value !== 'unknown' ? value : undefined;
}

function toNodeIpInfo(ip: z.infer<typeof CdnIp>): NodeIpInfo {
  return {
    ip: ip.Ip,
    isNode: ip.Platform === 'yes',
    location: known(ip.Location),
    city: known(ip.City),
    area: ip.Area === 'mainland' || ip.Area === 'overseas' ? ip.Area : undefined,
    history: (ip.History ?? [])
      .filter((entry) => entry.Status === 'online' || entry.Status === 'offline')
      .map((entry) => ({ status: entry.Status as 'online' | 'offline', at: entry.Datetime ?? undefined })),
  };
}

export function tencentNodeIpOperations(client: TencentClient): Pick<CdnProvider, 'describeNodeIps'> {
  return {
    async describeNodeIps(ips) {
      const answers: NodeIpInfo[] = [];
      for (let start = 0; start < ips.length; start += NODE_IPS_PER_CALL) {
        const batch = ips.slice(start, start + NODE_IPS_PER_CALL);
        const response = await client.call('DescribeCdnIp', { Ips: batch }, DescribeCdnIpResponse);
        answers.push(...(response.Ips ?? []).map(toNodeIpInfo));
      }
      return answers;
    },
  };
}
