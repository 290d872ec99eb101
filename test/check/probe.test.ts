import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../src/check/probe.ts';
import {
  type Handler,
  LOOPBACK_ALLOWED,
  type LoopbackServers,
  startLoopbackServers,
} from './support/loopback-servers.ts';

const running: LoopbackServers[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((servers) => servers.close()));
});

async function serve(handler: Handler, addresses: readonly string[] = ['127.0.0.1']): Promise<number> {
  const servers = await startLoopbackServers(addresses, handler);
  running.push(servers);
  return servers.port;
}

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
}

function record(seen: Seen[], request: http.IncomingMessage): void {
  seen.push({ method: request.method, url: request.url, headers: request.headers });
}

function options(
  url: string,
  overrides: Partial<Parameters<typeof probe>[0]> = {},
): Parameters<typeof probe>[0] {
  const parsed = new URL(url);
  return {
    url: parsed,
    connectTo: { address: '127.0.0.1' },
    hostHeader: parsed.host,
    servername: parsed.hostname,
    timeoutMs: 2_000,
    maxBodyBytes: 4_096,
    addressPolicy: LOOPBACK_ALLOWED,
    ...overrides,
  };
}

describe('probe', () => {
  it('asks with HEAD and reads the validators and cache headers', async () => {
    const seen: Seen[] = [];
    const port = await serve((request, response) => {
      record(seen, request);
      response.writeHead(200, {
        etag: '"abc"',
        'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
        'content-length': '1234',
        age: '12',
        'x-cache-lookup': 'Hit From MemCache',
      });
      response.end();
    });

    const result = await probe(options(`http://www.example.test:${port}/a.js?v=1`));

    expect(result).toMatchObject({
      ok: true,
      status: 200,
      method: 'HEAD',
      redirects: [],
      headers: {
        etag: '"abc"',
        lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT',
        contentLength: 1234,
        age: 12,
        cacheStatus: 'HIT (MemCache)',
        cacheHeader: 'X-Cache-Lookup: Hit From MemCache',
      },
    });
    expect(seen).toMatchObject([
      { method: 'HEAD', url: '/a.js?v=1', headers: { host: `www.example.test:${port}` } },
    ]);
  });

  it('falls back to GET with Range bytes=0-0 when HEAD is refused, and does not read a large body whole', async () => {
    const seen: Seen[] = [];
    const total = 64 * 1024 * 1024;
    let written = 0;
    let finished = false;
    let closed!: () => void;
    const bodyClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const port = await serve((request, response) => {
      record(seen, request);
      if (request.method === 'HEAD') {
        response.writeHead(405).end();
        return;
      }
      // A server that ignores Range and sends everything: the probe has to stop reading on its own.
      response.writeHead(200, { etag: '"big"', 'content-length': String(total) });
      response.on('finish', () => {
        finished = true;
      });
      response.on('close', () => closed());
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (written < total && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (written >= total) response.end();
      };
      pump();
    });

    const result = await probe(options(`http://www.example.test:${port}/big.bin`));
    await bodyClosed;

    expect(result).toMatchObject({
      ok: true,
      status: 200,
      method: 'GET',
      headers: { etag: '"big"', contentLength: total },
    });
    expect(seen.map((request) => request.method)).toEqual(['HEAD', 'GET']);
    expect(seen[1]?.headers.range).toBe('bytes=0-0');
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total);
  });

  it("reads the object's size from Content-Range when the GET fallback gets a range", async () => {
    const port = await serve((request, response) => {
      if (request.method === 'HEAD') return void response.writeHead(501).end();
      response.writeHead(206, { 'content-range': 'bytes 0-0/12345', 'content-length': '1', etag: '"r"' });
      response.end('x');
    });

    const result = await probe(options(`http://www.example.test:${port}/r`));

    expect(result).toMatchObject({ ok: true, status: 206, method: 'GET', headers: { contentLength: 12345 } });
  });

  it('sends no credentials or cookies, even when the URL carries userinfo', async () => {
    const seen: Seen[] = [];
    const port = await serve((request, response) => {
      record(seen, request);
      response.writeHead(405).end();
    });

    await probe(options(`http://user:secret@www.example.test:${port}/private?x=1`));

    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.url).toBe('/private?x=1');
      expect(request.headers.host).toBe(`www.example.test:${port}`);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain('secret');
    }
  });

  it('follows same-host redirects and reports them', async () => {
    const seen: Seen[] = [];
    let port = 0;
    port = await serve((request, response) => {
      record(seen, request);
      if (request.url === '/old') return void response.writeHead(301, { location: '/mid' }).end();
      if (request.url === '/mid') {
        return void response.writeHead(302, { location: `http://www.example.test:${port}/new` }).end();
      }
      response.writeHead(200, { etag: '"new"' }).end();
    });

    const result = await probe(options(`http://www.example.test:${port}/old`));

    expect(result).toMatchObject({
      ok: true,
      status: 200,
      headers: { etag: '"new"' },
      redirects: [`http://www.example.test:${port}/mid`, `http://www.example.test:${port}/new`],
    });
    expect(seen.map((request) => request.headers.host)).toEqual(Array(3).fill(`www.example.test:${port}`));
  });

  it('stops following after three redirects and returns the last one', async () => {
    const port = await serve((request, response) => {
      const step = Number(request.url?.slice(2));
      response.writeHead(302, { location: `/r${step + 1}` }).end();
    });

    const result = await probe(options(`http://www.example.test:${port}/r0`));

    expect(result).toMatchObject({
      ok: true,
      status: 302,
      headers: { location: '/r4' },
      redirects: [1, 2, 3].map((step) => `http://www.example.test:${port}/r${step}`),
    });
  });

  it('does not follow a redirect to another host, and reports where it pointed', async () => {
    const edgeSeen: Seen[] = [];
    const otherSeen: Seen[] = [];
    const otherPort = await serve(
      (request, response) => {
        record(otherSeen, request);
        response.writeHead(200).end();
      },
      ['127.0.0.9'],
    );
    const port = await serve((request, response) => {
      record(edgeSeen, request);
      const location =
        request.url === '/by-name'
          ? `http://elsewhere.test:${otherPort}/x`
          : `http://127.0.0.9:${otherPort}/x`;
      response.writeHead(302, { location }).end();
    });

    const byAddress = await probe(options(`http://www.example.test:${port}/by-address`));
    const byName = await probe(options(`http://www.example.test:${port}/by-name`));

    expect(byAddress).toMatchObject({
      ok: false,
      error: 'redirect-off-domain',
      status: 302,
      location: `http://127.0.0.9:${otherPort}/x`,
    });
    expect(byName).toMatchObject({
      ok: false,
      error: 'redirect-off-domain',
      location: `http://elsewhere.test:${otherPort}/x`,
    });
    expect(otherSeen).toEqual([]);
    expect(edgeSeen.map((request) => request.url)).toEqual(['/by-address', '/by-name']);
  });

  it('reports a server that never answers as a timeout within the timeout', async () => {
    const port = await serve(() => {});

    const result = await probe(options(`http://www.example.test:${port}/`, { timeoutMs: 300 }));

    expect(result).toMatchObject({ ok: false, error: 'timeout', message: 'no answer within 300 ms' });
    expect(result.timeMs).toBeGreaterThanOrEqual(250);
    expect(result.timeMs).toBeLessThan(1_500);
  });

  it('reports the check deadline when its signal fires', async () => {
    const port = await serve(() => {});
    const controller = new AbortController();

    const pending = probe(
      options(`http://www.example.test:${port}/`, { timeoutMs: 10_000, signal: controller.signal }),
    );
    setImmediate(() => controller.abort());
    const result = await pending;

    expect(result).toMatchObject({ ok: false, error: 'timeout', message: 'stopped at the check deadline' });
  });

  it('reports a refused connection', async () => {
    const port = await serve(() => {});
    await running.pop()?.close();

    const result = await probe(options(`http://www.example.test:${port}/`));

    expect(result).toMatchObject({ ok: false, error: 'refused', message: 'connection refused' });
  });

  it('connects to an IPv6 edge', async () => {
    const port = await serve((_request, response) => response.writeHead(204).end(), ['::1']);

    const result = await probe(
      options(`http://www.example.test:${port}/`, { connectTo: { address: '::1' } }),
    );

    expect(result).toMatchObject({ ok: true, status: 204 });
  });

  it('connects to the given port, not the URL’s, when told to (an origin on its own port)', async () => {
    const port = await serve((request, response) =>
      response.writeHead(200, { etag: `"${request.headers.host}"` }).end(),
    );

    const result = await probe(
      options('http://origin.example.test/a', {
        connectTo: { address: '127.0.0.1', port },
        hostHeader: 'origin.example.test',
      }),
    );

    expect(result).toMatchObject({ ok: true, headers: { etag: '"origin.example.test"' } });
  });
});
