import { describe, expect, it } from 'vitest';
import type { ProbeFailure, ProbeHeaders, ProbeResult } from '../../src/check/probe.ts';
import { compareToOrigin } from '../../src/check/verdict.ts';

function answered(status: number, headers: ProbeHeaders = {}): ProbeResult {
  return { ok: true, status, method: 'HEAD', headers, timeMs: 10, redirects: [] };
}

function failed(error: ProbeFailure['error'], extra: Partial<ProbeFailure> = {}): ProbeResult {
  return { ok: false, error, message: `${error} happened`, timeMs: 10, ...extra };
}

describe('compareToOrigin', () => {
  it('is fresh when the ETags are equal, and stale when they differ', () => {
    expect(compareToOrigin(answered(200, { etag: '"abc"' }), answered(200, { etag: '"abc"' }))).toEqual({
      verdict: 'fresh',
      reason: 'ETag matches',
    });
    expect(compareToOrigin(answered(200, { etag: '"abc"' }), answered(200, { etag: '"def"' }))).toEqual({
      verdict: 'stale',
      reason: 'ETag "abc" vs origin "def"',
    });
  });

  it('compares a weak ETag by its value and says it was weak', () => {
    expect(compareToOrigin(answered(200, { etag: 'W/"abc"' }), answered(200, { etag: '"abc"' }))).toEqual({
      verdict: 'fresh',
      reason: 'ETag matches (weak)',
    });
    expect(
      compareToOrigin(answered(200, { etag: 'W/"abc"' }), answered(200, { etag: 'W/"def"' })),
    ).toMatchObject({
      verdict: 'stale',
    });
  });

  it('compares Last-Modified as instants when there are no ETags on both sides', () => {
    const gmt = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const sameInstant = 'Wednesday, 21-Oct-15 07:28:00 GMT';
    const later = 'Wed, 21 Oct 2015 08:00:00 GMT';

    expect(
      compareToOrigin(
        answered(200, { etag: '"x"', lastModified: gmt }),
        answered(200, { lastModified: sameInstant }),
      ),
    ).toEqual({ verdict: 'fresh', reason: 'Last-Modified matches' });
    expect(
      compareToOrigin(answered(200, { lastModified: gmt }), answered(200, { lastModified: later })),
    ).toEqual({
      verdict: 'stale',
      reason: `Last-Modified ${gmt} vs origin ${later}`,
    });
  });

  it('cannot tell without a validator both sides send', () => {
    expect(compareToOrigin(answered(200), answered(200))).toEqual({
      verdict: 'unknown',
      reason: 'no ETag or Last-Modified to compare',
    });
    expect(compareToOrigin(answered(200), answered(200, { etag: '"a"' }))).toEqual({
      verdict: 'unknown',
      reason: 'edge sent no ETag or Last-Modified',
    });
    expect(compareToOrigin(answered(200, { etag: '"a"' }), answered(200, { lastModified: 'x' }))).toEqual({
      verdict: 'unknown',
      reason: 'no common validator (edge ETag, origin Last-Modified)',
    });
  });

  it('cannot tell when either request failed', () => {
    expect(compareToOrigin(failed('timeout'), answered(200, { etag: '"a"' }))).toEqual({
      verdict: 'unknown',
      reason: 'edge error: timeout',
    });
    expect(compareToOrigin(answered(200, { etag: '"a"' }), failed('timeout'))).toEqual({
      verdict: 'unknown',
      reason: 'origin unreachable: timeout',
    });
    expect(compareToOrigin(answered(200, { etag: '"a"' }), { missing: 'no origin configured' })).toEqual({
      verdict: 'unknown',
      reason: 'no origin configured',
    });
  });

  it('calls a different kind of answer stale, but a 5xx only unknown', () => {
    expect(compareToOrigin(answered(404), answered(200, { etag: '"a"' }))).toEqual({
      verdict: 'stale',
      reason: 'status 404 vs origin 200',
    });
    expect(compareToOrigin(answered(200, { etag: '"a"' }), answered(404))).toEqual({
      verdict: 'stale',
      reason: 'status 200 vs origin 404',
    });
    expect(compareToOrigin(answered(404), answered(404))).toEqual({
      verdict: 'fresh',
      reason: 'both answered 404',
    });
    expect(compareToOrigin(answered(502), answered(200))).toEqual({
      verdict: 'unknown',
      reason: 'edge answered 502',
    });
    expect(compareToOrigin(answered(200), answered(503))).toEqual({
      verdict: 'unknown',
      reason: 'origin answered 503',
    });
  });

  it('compares redirects to other hosts by where they point', () => {
    const toWww = failed('redirect-off-domain', { status: 301, location: 'https://www.example.test/' });
    const toShop = failed('redirect-off-domain', { status: 302, location: 'https://shop.example.test/' });

    expect(compareToOrigin(toWww, toWww)).toEqual({
      verdict: 'fresh',
      reason: 'both redirect to https://www.example.test/',
    });
    expect(compareToOrigin(toWww, toShop)).toEqual({
      verdict: 'stale',
      reason:
        'redirect (301) to https://www.example.test/ vs origin redirect (302) to https://shop.example.test/',
    });
    expect(compareToOrigin(toWww, answered(200))).toEqual({
      verdict: 'stale',
      reason: 'redirect (301) to https://www.example.test/ vs origin status 200',
    });
  });
});
