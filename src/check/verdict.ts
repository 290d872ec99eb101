import type { ProbeFailure, ProbeResult, ProbeSuccess } from './probe.ts';

export type Verdict = 'fresh' | 'stale' | 'unknown';

export interface VerdictResult {
  verdict: Verdict;
  reason: string;
}

/** The origin's answer, or why there is none to compare with (not configured, not resolvable…). */
export type OriginAnswer = ProbeResult | { missing: string };

/**
 * Whether an edge serves what the origin serves now. Validators decide (ETag, then Last-Modified); before them,
 * answers of different kinds (a cached 404 while the origin has the file, a redirect the origin no longer sends)
 * are stale too. A 5xx says nothing about freshness, only that one side is failing.
 */
export function compareToOrigin(edge: ProbeResult, origin: OriginAnswer): VerdictResult {
  if (!edge.ok && edge.error !== 'redirect-off-domain')
    return unknown(`edge error: ${describeFailure(edge)}`);
  if ('missing' in origin) return unknown(origin.missing);
  if (!origin.ok && origin.error !== 'redirect-off-domain') {
    return unknown(`origin unreachable: ${describeFailure(origin)}`);
  }
  if (!edge.ok || !origin.ok) return compareOffDomain(edge, origin);
  return compareStatuses(edge, origin) ?? compareValidators(edge, origin);
}

/** Short words for a failed probe: `timeout`, `connection refused`, `TLS: …`. */
export function describeFailure(failure: ProbeFailure): string {
  switch (failure.error) {
    case 'timeout':
      return 'timeout';
    case 'refused':
      return 'connection refused';
    case 'tls':
      return `TLS: ${failure.message}`;
    case 'dns':
      return `DNS: ${failure.message}`;
    case 'redirect-off-domain':
      return `redirect to ${failure.location ?? 'another host'}`;
    case 'blocked':
      // The edge's own line names the address and why; the verdict and the summary only need the gist.
      return 'refused an internal address';
    case 'other':
      return failure.message;
  }
}

/** At least one side redirected to another host (not followed): the same redirect is as fresh as it gets. */
function compareOffDomain(edge: ProbeResult, origin: ProbeResult): VerdictResult {
  const edgeSays = answerOf(edge);
  const originSays = answerOf(origin);
  if (!edge.ok && !origin.ok && edge.location === origin.location) {
    return { verdict: 'fresh', reason: `both redirect to ${edge.location}` };
  }
  return { verdict: 'stale', reason: `${edgeSays} vs origin ${originSays}` };
}

function answerOf(result: ProbeResult): string {
  if (result.ok) return `status ${result.status}`;
  return `redirect${result.status === undefined ? '' : ` (${result.status})`} to ${result.location ?? 'another host'}`;
}

function compareStatuses(edge: ProbeSuccess, origin: ProbeSuccess): VerdictResult | undefined {
  if (edge.status >= 500) return unknown(`edge answered ${edge.status}`);
  if (origin.status >= 500) return unknown(`origin answered ${origin.status}`);
  const edgeClass = Math.floor(edge.status / 100);
  if (edgeClass !== Math.floor(origin.status / 100)) {
    return { verdict: 'stale', reason: `status ${edge.status} vs origin ${origin.status}` };
  }
  if (edgeClass === 3) {
    // Redirects still pointing somewhere after the hops a probe follows: where they point is the content.
    const edgeLocation = edge.headers.location ?? '(none)';
    const originLocation = origin.headers.location ?? '(none)';
    return edgeLocation === originLocation
      ? { verdict: 'fresh', reason: `same redirect (${edgeLocation})` }
      : { verdict: 'stale', reason: `Location ${edgeLocation} vs origin ${originLocation}` };
  }
  if (edgeClass === 4) {
    return edge.status === origin.status
      ? { verdict: 'fresh', reason: `both answered ${edge.status}` }
      : { verdict: 'stale', reason: `status ${edge.status} vs origin ${origin.status}` };
  }
  return undefined;
}

function compareValidators(edge: ProbeSuccess, origin: ProbeSuccess): VerdictResult {
  const edgeTag = edge.headers.etag;
  const originTag = origin.headers.etag;
  if (edgeTag !== undefined && originTag !== undefined) {
    // A CDN may weaken a strong ETag (compressing, say); the value is still the version it identifies.
    if (opaqueTag(edgeTag) === opaqueTag(originTag)) {
      const weak = isWeak(edgeTag) || isWeak(originTag);
      return { verdict: 'fresh', reason: weak ? 'ETag matches (weak)' : 'ETag matches' };
    }
    return { verdict: 'stale', reason: `ETag ${edgeTag} vs origin ${originTag}` };
  }

  const edgeModified = edge.headers.lastModified;
  const originModified = origin.headers.lastModified;
  if (edgeModified !== undefined && originModified !== undefined) {
    return sameInstant(edgeModified, originModified)
      ? { verdict: 'fresh', reason: 'Last-Modified matches' }
      : { verdict: 'stale', reason: `Last-Modified ${edgeModified} vs origin ${originModified}` };
  }

  const edgeHas = validatorNames(edge);
  const originHas = validatorNames(origin);
  if (edgeHas.length === 0 && originHas.length === 0) return unknown('no ETag or Last-Modified to compare');
  if (edgeHas.length === 0) return unknown('edge sent no ETag or Last-Modified');
  if (originHas.length === 0) return unknown('origin sent no ETag or Last-Modified');
  return unknown(`no common validator (edge ${edgeHas.join(', ')}, origin ${originHas.join(', ')})`);
}

function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//i, '');
}

function isWeak(tag: string): boolean {
  return /^\s*W\//i.test(tag);
}

/** HTTP dates compare as instants; a value that does not parse can only be compared as text. */
function sameInstant(a: string, b: string): boolean {
  const first = Date.parse(a);
  const second = Date.parse(b);
  if (Number.isNaN(first) || Number.isNaN(second)) return a.trim() === b.trim();
  return first === second;
}

function validatorNames(result: ProbeSuccess): string[] {
  const names: string[] = [];
  if (result.headers.etag !== undefined) names.push('ETag');
  if (result.headers.lastModified !== undefined) names.push('Last-Modified');
  return names;
}

function unknown(reason: string): VerdictResult {
  return { verdict: 'unknown', reason };
}
