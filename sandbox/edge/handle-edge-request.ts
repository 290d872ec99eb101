import type { OutgoingHttpHeaders } from 'node:http';
import { hostKey } from '../origin/host-key.ts';
import { writeRepresentation } from '../origin/write-representation.ts';
import { cacheHeaders } from './cache-headers.ts';
import type { EdgeCache } from './edge-cache.ts';
import { fetchFromOrigin, type OriginAnswer } from './fetch-from-origin.ts';
import { requestHost } from './http-versions.ts';
import type { EdgeIncoming, EdgeOutgoing } from './listen-edges.ts';
import type { EdgeSandboxOptions } from './types.ts';

/** One edge node as its request handler sees it. */
export interface EdgeNode {
  index: number;
  address: string;
  cache: EdgeCache;
}

function plain(response: EdgeOutgoing, status: number, text: string, headers: OutgoingHttpHeaders): void {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain', 'content-length': text.length });
  response.end(text);
}

/**
 * A CDN edge answering GET or HEAD: a cached copy is served (stale or not) until a purge completed after it was
 * fetched; otherwise the edge fetches from the origin, caches a 200 and serves it. Other origin answers
 * (redirects, 404, errors) are passed on uncached, and end any purged copy.
 */
export async function handleEdgeRequest(
  node: EdgeNode,
  scheme: 'http' | 'https',
  options: EdgeSandboxOptions,
  request: EdgeIncoming,
  response: EdgeOutgoing,
): Promise<void> {
  const method = request.method ?? 'GET';
  const host = hostKey(requestHost(request));
  const path = request.url ?? '/';
  const origin = host === '' ? undefined : options.origin(host);
  if (!origin) {
    plain(response, 404, 'Not Found: this CDN does not accelerate that host\n', {
      server: 'cdn-edge-sandbox',
    });
    return;
  }
  const style = options.style?.(host) ?? 'tencent';
  if (method !== 'GET' && method !== 'HEAD') {
    plain(response, 405, 'Method Not Allowed\n', {
      ...cacheHeaders(style, node.index, { kind: 'miss' }),
      allow: 'GET, HEAD',
    });
    return;
  }
  const key = `${host}${path}`;
  const now = options.clock.now();
  const cached = node.cache.lookup(key, options.purgedAt?.(`${scheme}://${host}${path}`));
  if (cached) {
    const ageSeconds = Math.max(0, Math.floor((now - cached.fetchedAt) / 1000));
    writeRepresentation(
      request,
      response,
      cached.representation,
      cacheHeaders(style, node.index, { kind: 'hit', ageSeconds }),
    );
    return;
  }
  const missHeaders = cacheHeaders(style, node.index, { kind: 'miss' });
  let answer: OriginAnswer;
  try {
    answer = await fetchFromOrigin(origin, path, `1.1 edge-${node.index + 1}`);
  } catch {
    plain(response, 502, 'Bad Gateway: the origin did not answer\n', missHeaders);
    return;
  }
  if (answer.status !== 200) {
    node.cache.forget(key);
    const location = answer.header('location');
    const headers: OutgoingHttpHeaders = { ...missHeaders, 'content-length': answer.body.length };
    if (location !== undefined) headers.location = location;
    const contentType = answer.header('content-type');
    if (contentType !== undefined) headers['content-type'] = contentType;
    response.writeHead(answer.status, headers);
    if (method === 'HEAD') response.end();
    else response.end(answer.body);
    return;
  }
  const representation = {
    body: answer.body,
    etag: answer.header('etag'),
    lastModified: answer.header('last-modified'),
    contentType: answer.header('content-type'),
    cacheControl: answer.header('cache-control'),
  };
  node.cache.store(key, { representation, fetchedAt: options.clock.now() });
  writeRepresentation(request, response, representation, missHeaders);
}
