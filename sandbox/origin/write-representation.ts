import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { chooseRange } from './byte-range.ts';

/** What answering needs of a request: HTTP/1.1's and HTTP/2's (compatibility API) both have it. */
export interface AskedFor {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
}

/** What answering needs of a response, over HTTP/1.1 or HTTP/2. */
export interface Answering {
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown;
  end(): unknown;
  end(body: Buffer): unknown;
}

/** A stored body with the validators and headers it is served with. */
export interface Representation {
  body: Buffer;
  /** Quoted, as sent (`"abc"` or `W/"abc"`); `undefined` sends none. */
  etag: string | undefined;
  /** An HTTP date; `undefined` sends none. */
  lastModified: string | undefined;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
function noneMatch(header: string, etag: string | undefined): boolean {
  if (header.trim() === '*') return etag !== undefined;
  if (etag === undefined) return false;
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** If-Modified-Since counts only when If-None-Match is absent (RFC 9110 §13.1.3), to the second. */
function notModifiedSince(header: string, lastModified: string | undefined): boolean {
  if (lastModified === undefined) return false;
  const since = Date.parse(header);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function isNotModified(request: AskedFor, representation: Representation): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return noneMatch(ifNoneMatch, representation.etag);
  const ifModifiedSince = request.headers['if-modified-since'];
  return ifModifiedSince !== undefined && notModifiedSince(ifModifiedSince, representation.lastModified);
}

/**
 * Answers a GET or HEAD for `representation` as an HTTP cache or origin would: 304 for a matching conditional
 * request, 206 / 416 for a byte range, else 200. HEAD gets the same headers without the body. `extra` headers
 * (a CDN's cache headers, say) are added to every answer.
 */
export function writeRepresentation(
  request: AskedFor,
  response: Answering,
  representation: Representation,
  extra: OutgoingHttpHeaders = {},
): void {
  const headers: OutgoingHttpHeaders = { ...extra, 'accept-ranges': 'bytes' };
  if (representation.etag !== undefined) headers.etag = representation.etag;
  if (representation.lastModified !== undefined) headers['last-modified'] = representation.lastModified;
  if (representation.cacheControl !== undefined) headers['cache-control'] = representation.cacheControl;
  if (isNotModified(request, representation)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  if (representation.contentType !== undefined) headers['content-type'] = representation.contentType;
  const { body } = representation;
  const range = chooseRange(request.headers.range, body.length);
  const head = request.method === 'HEAD';
  if (range.kind === 'unsatisfiable') {
    response.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}`, 'content-length': 0 });
    response.end();
    return;
  }
  if (range.kind === 'partial') {
    const part = body.subarray(range.start, range.end + 1);
    response.writeHead(206, {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${body.length}`,
      'content-length': part.length,
    });
    endWith(response, head ? undefined : part);
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': body.length });
  endWith(response, head ? undefined : body);
}

function endWith(response: Answering, body: Buffer | undefined): void {
  if (body === undefined) response.end();
  else response.end(body);
}
