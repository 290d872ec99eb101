import { plural } from '../render/format.ts';
import type { EdgeCheck, UrlCheck } from './types.ts';

/** Enough to act on in one line; the per-edge lines carry the rest. */
const LISTED_GROUPS = 3;
const LISTED_ADDRESSES = 4;

type SummaryInput = Pick<UrlCheck, 'edges' | 'notChecked' | 'resolutionError'>;

/** The line shown first for a URL: what was checked, then how many edges are fresh and what is wrong with the rest. */
export function summarizeCheck(check: SummaryInput): string {
  if (check.notChecked !== undefined) return `not checked: ${check.notChecked}`;
  if (check.edges.length === 0) return `no edges to check: ${check.resolutionError ?? 'no addresses found'}`;
  return summarizeEdges(check.edges);
}

/**
 * `3 of 4 edges fresh, 1 stale (1.2.3.4: ETag "abc" vs origin "def")`; timeouts are counted on their own
 * (`1 timed out (10.0.0.9)`) because "this edge did not answer" calls for different action than "cannot tell".
 */
export function summarizeEdges(edges: readonly EdgeCheck[]): string {
  const fresh = edges.filter((edge) => edge.verdict === 'fresh');
  const stale = edges.filter((edge) => edge.verdict === 'stale');
  const timedOut = edges.filter((edge) => edge.verdict === 'unknown' && isTimeout(edge));
  const unknown = edges.filter((edge) => edge.verdict === 'unknown' && !isTimeout(edge));

  const parts = [`${fresh.length} of ${plural(edges.length, 'edge')} fresh`];
  if (stale.length > 0) parts.push(`${stale.length} stale (${describeGroups(stale, edges.length)})`);
  if (timedOut.length > 0) {
    const every = timedOut.length === edges.length && edges.length > 1;
    parts.push(`${timedOut.length} timed out${every ? '' : ` (${listAddresses(timedOut)})`}`);
  }
  if (unknown.length > 0) parts.push(`${unknown.length} unknown (${describeGroups(unknown, edges.length)})`);
  return parts.join(', ');
}

function isTimeout(edge: EdgeCheck): boolean {
  return !edge.result.ok && edge.result.error === 'timeout';
}

/**
 * Edges sharing a reason are listed together (`1.2.3.4, 1.2.3.5: …`); a reason every edge shares is given once
 * without addresses (`4 unknown (origin unreachable: timeout)`).
 */
function describeGroups(edges: readonly EdgeCheck[], total: number): string {
  const groups = new Map<string, EdgeCheck[]>();
  for (const edge of edges) groups.set(edge.reason, [...(groups.get(edge.reason) ?? []), edge]);
  const entries = [...groups.entries()];
  const [only] = entries;
  if (entries.length === 1 && only && only[1].length === total && total > 1) return only[0];
  const shown = entries
    .slice(0, LISTED_GROUPS)
    .map(([reason, members]) => `${listAddresses(members)}: ${reason}`);
  const hidden = entries.length - LISTED_GROUPS;
  if (hidden > 0) shown.push(`${plural(hidden, 'other reason')}`);
  return shown.join('; ');
}

function listAddresses(edges: readonly EdgeCheck[]): string {
  const shown = edges.slice(0, LISTED_ADDRESSES).map((edge) => edge.address);
  const hidden = edges.length - shown.length;
  return hidden > 0 ? `${shown.join(', ')} and ${hidden} more` : shown.join(', ');
}
