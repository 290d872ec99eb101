import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/check/probe.ts';
import { summarizeCheck, summarizeEdges } from '../../src/check/summarize.ts';
import type { EdgeCheck } from '../../src/check/types.ts';
import type { Verdict } from '../../src/check/verdict.ts';

const ok: ProbeResult = { ok: true, status: 200, method: 'HEAD', headers: {}, timeMs: 5, redirects: [] };
const timedOut: ProbeResult = {
  ok: false,
  error: 'timeout',
  message: 'no answer within 5000 ms',
  timeMs: 5000,
};

function edge(
  address: string,
  verdict: Verdict,
  reason = 'ETag matches',
  result: ProbeResult = ok,
): EdgeCheck {
  return { address, family: 4, result, verdict, reason };
}

describe('summarizeEdges', () => {
  it('counts fresh edges and names the stale one with its reason', () => {
    const edges = [
      edge('1.1.1.1', 'fresh'),
      edge('1.1.1.2', 'fresh'),
      edge('1.1.1.3', 'fresh'),
      edge('1.2.3.4', 'stale', 'ETag "abc" vs origin "def"'),
    ];

    expect(summarizeEdges(edges)).toBe('3 of 4 edges fresh, 1 stale (1.2.3.4: ETag "abc" vs origin "def")');
  });

  it('counts timeouts apart from other unknowns', () => {
    const edges = [
      edge('10.0.0.1', 'fresh'),
      edge('10.0.0.2', 'fresh'),
      edge('1.2.3.4', 'stale', 'ETag "abc" vs origin "def"'),
      edge('10.0.0.9', 'unknown', 'edge error: timeout', timedOut),
      edge('10.0.0.8', 'unknown', 'no ETag or Last-Modified to compare'),
    ];

    expect(summarizeEdges(edges)).toBe(
      '2 of 5 edges fresh, 1 stale (1.2.3.4: ETag "abc" vs origin "def"), 1 timed out (10.0.0.9), ' +
        '1 unknown (10.0.0.8: no ETag or Last-Modified to compare)',
    );
  });

  it('groups edges sharing a reason, and gives a reason every edge shares once', () => {
    const stale = 'ETag "abc" vs origin "def"';

    expect(summarizeEdges([edge('a', 'fresh'), edge('b', 'stale', stale), edge('c', 'stale', stale)])).toBe(
      `1 of 3 edges fresh, 2 stale (b, c: ${stale})`,
    );
    expect(
      summarizeEdges(
        ['a', 'b', 'c', 'd'].map((address) => edge(address, 'unknown', 'origin unreachable: timeout')),
      ),
    ).toBe('0 of 4 edges fresh, 4 unknown (origin unreachable: timeout)');
    expect(
      summarizeEdges(['a', 'b'].map((address) => edge(address, 'unknown', 'edge error: timeout', timedOut))),
    ).toBe('0 of 2 edges fresh, 2 timed out');
  });

  it('reads naturally for a single edge', () => {
    expect(summarizeEdges([edge('a', 'fresh')])).toBe('1 of 1 edge fresh');
  });
});

describe('summarizeCheck', () => {
  it('says why nothing was checked', () => {
    expect(summarizeCheck({ edges: [], notChecked: 'no CNAME known for a.test' })).toBe(
      'not checked: no CNAME known for a.test',
    );
    expect(summarizeCheck({ edges: [], resolutionError: 'x does not exist (NXDOMAIN)' })).toBe(
      'no edges to check: x does not exist (NXDOMAIN)',
    );
  });
});
