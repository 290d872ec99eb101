import { isIP } from 'node:net';
import { z } from 'zod';
import type { ActionContext } from '../action-context.ts';
import { ApiError } from '../api-error.ts';
import { CDN_IP_CALLS, DEFAULT_CDN_NODES, type SandboxCdnNode } from '../cdn-nodes.ts';
import { parseParams } from '../parse-params.ts';
import type { AccountState } from '../state.ts';

/** "单次可支持1-20个IP查询". */
const MAX_IPS = 20;

const Params = z.strictObject({ Ips: z.array(z.string()) });

/** Calls per account within the last window, oldest first: the limit is the account's. */
const callTimes = new WeakMap<AccountState, number[]>();

/** The same IPv6 address may be written several ways; compare them the way the URL parser writes them. */
function canonical(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function countCall(ctx: ActionContext): void {
  const recent = (callTimes.get(ctx.account) ?? []).filter((at) => at > ctx.now - CDN_IP_CALLS.windowMs);
  if (recent.length >= CDN_IP_CALLS.limit) {
    callTimes.set(ctx.account, recent);
    throw new ApiError(
      'RequestLimitExceeded',
      `DescribeCdnIp allows ${CDN_IP_CALLS.limit} calls per 10 minutes; try again later.`,
    );
  }
  callTimes.set(ctx.account, [...recent, ctx.now]);
}

/**
 * Whether each address is a CDN node: `Platform` yes/no, `Location` and `Area` (unknown for others), `City`, and
 * the node's on/offline `History`. 1–20 valid addresses a call; 200 calls per 10 minutes per account.
 */
export function describeCdnIp(
  params: unknown,
  ctx: ActionContext,
  nodes: readonly SandboxCdnNode[] = DEFAULT_CDN_NODES,
): Record<string, unknown> {
  const { Ips } = parseParams(Params, params);
  if (Ips.length < 1 || Ips.length > MAX_IPS) {
    throw new ApiError(
      'InvalidParameterValue',
      `Ips takes 1 to ${MAX_IPS} addresses per call; got ${Ips.length}.`,
    );
  }
  const invalid = Ips.find((ip) => isIP(ip) === 0);
  if (invalid) throw new ApiError('InvalidParameterValue', `\`${invalid}\` is not an IP address.`);
  countCall(ctx);
  const byIp = new Map(nodes.map((node) => [canonical(node.ip), node]));
  return {
    Ips: Ips.map((ip) => {
      const node = byIp.get(canonical(ip));
      return node
        ? {
            Ip: ip,
            Platform: 'yes',
            Location: node.location,
            City: node.city,
            Area: node.area,
            History: node.history,
          }
        : { Ip: ip, Platform: 'no', Location: 'unknown', City: null, Area: 'unknown', History: [] };
    }),
  };
}
