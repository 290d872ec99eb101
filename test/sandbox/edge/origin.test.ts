import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import { type OriginSandbox, startOriginSandbox } from '../../../sandbox/origin/index.ts';
import { type SentRequest, send } from './http-client.ts';

describe('origin sandbox', () => {
  let clock: ManualClock;
  let origin: OriginSandbox;

  beforeEach(async () => {
    clock = createManualClock();
    origin = await startOriginSandbox({ clock });
  });

  afterEach(async () => {
    await origin.close();
  });

  function get(host: string, path: string, more: Partial<SentRequest> = {}) {
    return send({ address: '127.0.0.1', port: origin.port, host, path, ...more });
  }

  it('serves a file by Host header with its validators, ignoring the port in Host', async () => {
    origin.setFile('www.example.com', '/app.js', {
      body: 'console.log(1)',
      etag: '"v1"',
      contentType: 'application/javascript',
      cacheControl: 'max-age=60',
    });

    const response = await get('www.example.com:8080', '/app.js');
    const otherSite = await get('static.example.com', '/app.js');

    expect(origin.url).toBe(`http://127.0.0.1:${origin.port}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe('console.log(1)');
    expect(response.headers).toMatchObject({
      etag: '"v1"',
      'last-modified': new Date(clock.now()).toUTCString(),
      'content-type': 'application/javascript',
      'content-length': '14',
      'cache-control': 'max-age=60',
    });
    expect(otherSite.status).toBe(404);
  });

  it('derives an ETag from the body unless told otherwise, and can send no validators at all', async () => {
    origin.setFile('www.example.com', '/a', { body: 'same' });
    origin.setFile('www.example.com', '/b', { body: 'same', lastModified: 'Tue, 01 Sep 2026 00:00:00 GMT' });
    origin.setFile('www.example.com', '/bare', { body: 'x', etag: null, lastModified: null });

    const a = await get('www.example.com', '/a');
    const b = await get('www.example.com', '/b');
    const bare = await get('www.example.com', '/bare');

    expect(a.headers.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(b.headers['last-modified']).toBe('Tue, 01 Sep 2026 00:00:00 GMT');
    expect(bare.headers.etag).toBeUndefined();
    expect(bare.headers['last-modified']).toBeUndefined();
  });

  it('answers HEAD with the headers and no body', async () => {
    origin.setFile('www.example.com', '/app.js', { body: 'hello' });

    const response = await get('www.example.com', '/app.js', { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('5');
    expect(response.body).toBe('');
  });

  it('serves byte ranges with 206 and Content-Range, 416 past the end', async () => {
    origin.setFile('www.example.com', '/data', { body: '0123456789' });

    const first = await get('www.example.com', '/data', { headers: { range: 'bytes=0-0' } });
    const middle = await get('www.example.com', '/data', { headers: { range: 'bytes=2-4' } });
    const suffix = await get('www.example.com', '/data', { headers: { range: 'bytes=-3' } });
    const open = await get('www.example.com', '/data', { headers: { range: 'bytes=7-' } });
    const past = await get('www.example.com', '/data', { headers: { range: 'bytes=10-12' } });

    expect([first.status, first.body, first.headers['content-range']]).toEqual([206, '0', 'bytes 0-0/10']);
    expect([middle.status, middle.body, middle.headers['content-range']]).toEqual([
      206,
      '234',
      'bytes 2-4/10',
    ]);
    expect([suffix.body, suffix.headers['content-range']]).toEqual(['789', 'bytes 7-9/10']);
    expect([open.body, open.headers['content-length']]).toEqual(['789', '3']);
    expect([past.status, past.headers['content-range']]).toEqual([416, 'bytes */10']);
  });

  it('answers 304 to a matching If-None-Match or a recent enough If-Modified-Since', async () => {
    origin.setFile('www.example.com', '/app.js', {
      body: 'x',
      etag: '"v1"',
      lastModified: new Date(Date.UTC(2026, 0, 1)),
    });

    const matching = await get('www.example.com', '/app.js', {
      headers: { 'if-none-match': 'W/"v0", "v1"' },
    });
    const changed = await get('www.example.com', '/app.js', { headers: { 'if-none-match': '"v0"' } });
    const since = await get('www.example.com', '/app.js', {
      headers: { 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' },
    });
    const before = await get('www.example.com', '/app.js', {
      headers: { 'if-modified-since': 'Wed, 31 Dec 2025 23:59:59 GMT' },
    });

    expect(matching.status).toBe(304);
    expect(matching.headers.etag).toBe('"v1"');
    expect(changed.status).toBe(200);
    expect(since.status).toBe(304);
    expect(before.status).toBe(200);
  });

  it('redirects, refuses HEAD where told, and serves a path for any query unless one is set exactly', async () => {
    origin.redirect('www.example.com', '/old', 'https://www.example.com/new');
    origin.redirect('www.example.com', '/moved', '/elsewhere', 301);
    origin.setFile('www.example.com', '/file', { body: 'any query' });
    origin.setFile('www.example.com', '/file?v=2', { body: 'version 2' });
    origin.refuseHead('www.example.com', '/file');

    const temporary = await get('www.example.com', '/old');
    const permanent = await get('www.example.com', '/moved');
    const head = await get('www.example.com', '/file', { method: 'HEAD' });
    const anyQuery = await get('www.example.com', '/file?v=1');
    const exact = await get('www.example.com', '/file?v=2');

    expect([temporary.status, temporary.headers.location]).toEqual([302, 'https://www.example.com/new']);
    expect([permanent.status, permanent.headers.location]).toEqual([301, '/elsewhere']);
    expect(head.status).toBe(405);
    expect(anyQuery.body).toBe('any query');
    expect(exact.body).toBe('version 2');
  });

  it('records every request with the host without port', async () => {
    origin.setFile('www.example.com', '/app.js', { body: 'x' });

    await get('WWW.example.com:80', '/app.js?x=1', { method: 'HEAD', headers: { 'x-test': 'yes' } });
    origin.removeFile('www.example.com', '/app.js');
    const gone = await get('www.example.com', '/app.js');

    expect(gone.status).toBe(404);
    expect(origin.requests).toEqual([
      expect.objectContaining({ method: 'HEAD', host: 'www.example.com', path: '/app.js?x=1' }),
      expect.objectContaining({ method: 'GET', host: 'www.example.com', path: '/app.js' }),
    ]);
    expect(origin.requests[0]?.headers['x-test']).toBe('yes');
  });
});
