import type { OutgoingHttpHeaders } from 'node:http';
import type { EdgeStyle } from './types.ts';

export type CacheOutcome = { kind: 'hit'; ageSeconds: number } | { kind: 'miss' };

/** The node name a Wangsu edge puts in `X-Via` / `Via`, shaped like theirs (`PS-<site>-<node>`). */
export function wangsuNodeName(edgeIndex: number): string {
  return `PS-CAN-01E${String(edgeIndex + 1).padStart(2, '0')}`;
}

/**
 * The headers by which each CDN tells a hit from a miss, the signals a freshness check reads:
 *
 * - tencent: `X-Cache-Lookup: Hit From MemCache` / `Hit From Disktank` (by edge, as one node's memory and
 *   another's disk tier would), `Cache Miss` on a miss; `Age` on a hit.
 * - wangsu: `X-Via: 1.1 PS-CAN-01E01:1 (Cdn Cache Server V2.0)`, followed by `[HIT]` on a hit only, the same node
 *   in `Via`, and `X-Cache: HIT from <node>` / `MISS from <node>`; `Age` on a hit.
 */
export function cacheHeaders(
  style: EdgeStyle,
  edgeIndex: number,
  outcome: CacheOutcome,
): OutgoingHttpHeaders {
  const age = outcome.kind === 'hit' ? { age: String(outcome.ageSeconds) } : {};
  if (style === 'tencent') {
    const hit = edgeIndex % 2 === 0 ? 'Hit From MemCache' : 'Hit From Disktank';
    return {
      server: 'NWS_TCloud_S1',
      'x-cache-lookup': outcome.kind === 'hit' ? hit : 'Cache Miss',
      ...age,
    };
  }
  const node = wangsuNodeName(edgeIndex);
  const flag = outcome.kind === 'hit' ? '[HIT]' : '';
  return {
    server: 'Cdn Cache Server V2.0',
    'x-via': `1.1 ${node}:${(edgeIndex % 9) + 1} (Cdn Cache Server V2.0)${flag}`,
    via: `1.1 ${node} (Cdn Cache Server V2.0)`,
    'x-cache': `${outcome.kind === 'hit' ? 'HIT' : 'MISS'} from ${node}`,
    ...age,
  };
}
