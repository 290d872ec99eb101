import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/check/probe.ts';
import { formatEdgeLine, renderCheck } from '../../src/check/render-check.ts';
import type { EdgeCheck, UrlCheck } from '../../src/check/types.ts';
import { renderBlocksAsText } from '../../src/render/blocks-to-text.ts';

function hit(etag: string, timeMs = 35): ProbeResult {
  return {
    ok: true,
    status: 200,
    method: 'HEAD',
    headers: {
      etag,
      lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT',
      contentLength: 1200,
      age: 12,
      cacheStatus: 'HIT (MemCache)',
      cacheHeader: 'X-Cache-Lookup: Hit From MemCache',
    },
    timeMs,
    redirects: [],
  };
}

const fresh = (address: string): EdgeCheck => ({
  address,
  family: 4,
  result: hit('"def"'),
  verdict: 'fresh',
  reason: 'ETag matches',
});
const stale = (address: string): EdgeCheck => ({
  address,
  family: 4,
  result: hit('"abc"'),
  verdict: 'stale',
  reason: 'ETag "abc" vs origin "def"',
});

function urlCheck(path: string, edges: EdgeCheck[], summary: string): UrlCheck {
  return {
    url: `https://www.example.test${path}`,
    hostname: 'www.example.test',
    cname: 'www.example.test.cdn.dnsv1.com',
    origin: {
      checked: true,
      configured: 'origin.example.test',
      address: '10.0.0.1',
      port: 443,
      hostHeader: 'origin.example.test',
      result: hit('"def"', 80),
    },
    edges,
    summary,
  };
}

const mixed = urlCheck(
  '/app.js',
  [fresh('127.0.0.2'), fresh('127.0.0.3'), fresh('127.0.0.4'), stale('127.0.0.5')],
  '3 of 4 edges fresh, 1 stale (127.0.0.5: ETag "abc" vs origin "def")',
);

describe('formatEdgeLine', () => {
  it('shows one edge on one line, verdict last', () => {
    expect(formatEdgeLine(stale('127.0.0.2'))).toBe(
      '• 127.0.0.2 · 200 · HIT (MemCache) · Age 12 · ETag "abc" · Last-Modified Wed, 21 Oct 2015 07:28:00 GMT · ' +
        '1.17 KB · 35 ms → stale: ETag "abc" vs origin "def"',
    );
  });

  it('shows a failed edge with what went wrong', () => {
    const line = formatEdgeLine({
      address: '10.0.0.9',
      family: 4,
      result: { ok: false, error: 'timeout', message: 'no answer within 5000 ms', timeMs: 5002 },
      verdict: 'unknown',
      reason: 'edge error: timeout',
    });

    expect(line).toBe(
      '• 10.0.0.9 · timeout: no answer within 5000 ms · 5.0 s → unknown: edge error: timeout',
    );
  });

  it('shows a redirect to another host with where it pointed, and the GET fallback', () => {
    const redirected = formatEdgeLine({
      address: '10.0.0.9',
      family: 4,
      result: {
        ok: false,
        error: 'redirect-off-domain',
        message: 'redirected to https://other.test/x, not followed (another host)',
        status: 302,
        location: 'https://other.test/x',
        timeMs: 12,
      },
      verdict: 'stale',
      reason: 'redirect (302) to https://other.test/x vs origin status 200',
    });
    const ranged = formatEdgeLine({
      address: '10.0.0.8',
      family: 4,
      result: {
        ok: true,
        status: 206,
        method: 'GET',
        headers: {},
        timeMs: 3,
        redirects: ['https://www.example.test/b'],
      },
      verdict: 'unknown',
      reason: 'no ETag or Last-Modified to compare',
    });

    expect(redirected).toBe(
      '• 10.0.0.9 · 302 → https://other.test/x (not followed) · 12 ms → stale: redirect (302) to https://other.test/x vs origin status 200',
    );
    expect(ranged).toBe(
      '• 10.0.0.8 · 206 (GET range) · after 1 redirect to https://www.example.test/b · 3 ms → unknown: no ETag or Last-Modified to compare',
    );
  });

  it('escapes what servers sent', () => {
    const line = formatEdgeLine({ ...fresh('127.0.0.2'), result: hit('"<b>&"') });

    expect(line).toContain('ETag "&lt;b&gt;&amp;"');
  });
});

describe('renderCheck', () => {
  it('leads with a headline and the stale edges, then each URL with its summary, origin and edges', () => {
    const allFresh = urlCheck('/ok.css', [fresh('127.0.0.2'), fresh('127.0.0.3')], '2 of 2 edges fresh');

    const message = renderCheck([allFresh, mixed]);
    const text = renderBlocksAsText(message);

    expect(message.blocks?.[0]).toMatchObject({
      type: 'section',
      text: { text: ':warning: *CDN check* of 2 URLs: 1 stale edge on 1 URL, 5 of 6 edges fresh' },
    });
    expect(message.blocks?.[1]).toMatchObject({
      type: 'section',
      text: {
        text: ':warning: *Stale edges*\n• https://www.example.test/app.js · 127.0.0.5: ETag "abc" vs origin "def"',
      },
    });
    expect(text).toContain('3 of 4 edges fresh, 1 stale (127.0.0.5: ETag "abc" vs origin "def")');
    expect(text).toContain('origin origin.example.test (10.0.0.1):443 (Host origin.example.test) · 200');
    expect(text).toContain(formatEdgeLine(stale('127.0.0.5')).replaceAll('&quot;', '"'));
    expect(message.text).toBe(
      'CDN check of 2 URLs: 1 stale edge on 1 URL, 5 of 6 edges fresh\n' +
        'https://www.example.test/ok.css: 2 of 2 edges fresh\n' +
        'https://www.example.test/app.js: 3 of 4 edges fresh, 1 stale (127.0.0.5: ETag "abc" vs origin "def")',
    );
  });

  it('says all is well when every edge is fresh, and shows URLs that were not checked', () => {
    const message = renderCheck([
      urlCheck('/ok.css', [fresh('127.0.0.2')], '1 of 1 edge fresh'),
      {
        url: 'https://nocname.test/a',
        hostname: 'nocname.test',
        origin: { checked: false, reason: 'no CNAME known for nocname.test' },
        edges: [],
        notChecked: 'no CNAME known for nocname.test',
        summary: 'not checked: no CNAME known for nocname.test',
      },
    ]);

    expect(message.blocks?.[0]).toMatchObject({
      text: {
        text: ':white_check_mark: *CDN check* of 2 URLs: all 1 edge fresh, 1 URL with no edges checked',
      },
    });
    expect(renderBlocksAsText(message)).toContain('not checked: no CNAME known for nocname.test');
  });

  it("stays within Slack's limits for many URLs, shortening the ones that do not fit to their summary", () => {
    const checks = Array.from({ length: 80 }, (_, index) =>
      urlCheck(
        `/file-${index}.js`,
        [fresh('127.0.0.2'), fresh('127.0.0.3'), fresh('127.0.0.4'), stale('127.0.0.5')],
        mixed.summary,
      ),
    );

    const message = renderCheck(checks);
    const blocks = message.blocks ?? [];
    const text = renderBlocksAsText(message);

    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3_000);
    }
    expect(text).toContain('…and 65 more below');
    expect(text).toContain(`• https://www.example.test/file-79.js: ${mixed.summary}`);
    expect(text).toContain('https://www.example.test/file-0.js · CNAME www.example.test.cdn.dnsv1.com');
    expect(message.text.length).toBeLessThanOrEqual(3_000);
  });
});
