import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import { Client, type Dispatcher } from 'undici';
import type { CacheStatus } from '../providers/cache-status.ts';
import { type AddressPolicy, STRICT_ADDRESS_POLICY } from '../util/address-policy.ts';
import { defaultPort } from '../util/host-port.ts';
import { readCacheStatus } from './cache-status.ts';
import {
  type ConnectionSource,
  type ConnectionTarget,
  connectorFor,
  sniFor,
  targetOrigin,
  trustOf,
} from './connection-target.ts';

/** `blocked`: the address (given, or named by a redirect) is one the address policy refuses; nothing was sent. */
export type ProbeErrorKind =
  | 'timeout'
  | 'refused'
  | 'tls'
  | 'redirect-off-domain'
  | 'dns'
  | 'blocked'
  | 'other';

/** Said after every refusal of an internal address, so whoever reads it knows how a site may allow one. */
export const ALLOW_NETWORKS_HINT =
  'cdnops does not check internal addresses unless check.allowNetworks allows them';

export interface ProbeHeaders extends CacheStatus {
  etag?: string;
  lastModified?: string;
  /** The whole object's size: from Content-Range's total when the answer is a range, else Content-Length. */
  contentLength?: number;
  age?: number;
  via?: string;
  location?: string;
}

export interface ProbeSuccess {
  ok: true;
  status: number;
  /** GET (with `Range: bytes=0-0`) when the server refused HEAD. */
  method: 'HEAD' | 'GET';
  headers: ProbeHeaders;
  timeMs: number;
  /** Same-host redirects followed, as absolute URLs, in order. */
  redirects: string[];
}

export interface ProbeFailure {
  ok: false;
  error: ProbeErrorKind;
  message: string;
  timeMs: number;
  /** For `redirect-off-domain`: the redirect's status and where it pointed. */
  status?: number;
  location?: string;
  redirects?: string[];
}

export type ProbeResult = ProbeSuccess | ProbeFailure;

export interface ProbeOptions {
  /** What to ask for; its userinfo is never sent. */
  url: URL;
  /** Where to connect instead of resolving the URL's host. The port defaults to the URL's, then 80/443. */
  connectTo: { address: string; port?: number };
  hostHeader: string;
  servername: string;
  /** Bounds the whole probe: connecting, the HEAD→GET fallback and any redirects. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Trusted CAs for HTTPS (a sandbox's); the system's when absent. */
  ca?: string | string[];
  /**
   * Wins over `ca`. Building a context parses every CA in it (tens of ms for Node's full root list), so callers
   * that connect often build one and share it.
   */
  secureContext?: SecureContext;
  maxBodyBytes: number;
  now?: () => number;
  /** Connections shared with other probes (a check's); without it each request opens and closes its own. */
  connections?: ConnectionSource;
  /**
   * Which addresses may be connected to, `connectTo` and redirect targets alike; every internal address is refused
   * when absent.
   */
  addressPolicy?: AddressPolicy;
}

export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HEAD_REFUSED = new Set([405, 501]);
const USER_AGENT = 'cdnops-check/1';

interface Exchange {
  status: number;
  header: (name: string) => string | undefined;
}

type StopReason = 'timeout' | 'deadline';

/** Thrown out of the redirect loop; everything else that fails is a transport error. */
class OffDomainRedirect extends Error {
  constructor(
    readonly status: number,
    readonly location: string,
  ) {
    super(`redirected to ${location}, not followed (another host)`);
  }
}

/**
 * Asks one server (an edge, or the origin) for a URL the way a client of the domain would, without the side
 * effects a check must not have: no credentials or cookies, no body beyond a few KB, no wandering off the domain.
 */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => Math.max(0, Math.round(now() - started));
  if (options.signal?.aborted) {
    return { ok: false, error: 'timeout', message: 'not started: check deadline reached', timeMs: 0 };
  }

  let stoppedBy: StopReason | undefined;
  const controller = new AbortController();
  const stop = (why: StopReason) => {
    stoppedBy ??= why;
    controller.abort();
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('deadline');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const redirects: string[] = [];
  try {
    let url = withoutCredentials(options.url);
    let method: 'HEAD' | 'GET' = 'HEAD';
    for (;;) {
      // Before the first request and again before each redirect is followed (the connector checks once more).
      const refused = refusedAddress(options);
      if (refused !== undefined) {
        return { ok: false, error: 'blocked', message: refused, timeMs: elapsed(), redirects };
      }
      let exchange = await send(options, url, method, controller.signal);
      if (method === 'HEAD' && HEAD_REFUSED.has(exchange.status)) {
        method = 'GET';
        await connectionFreed(options);
        exchange = await send(options, url, method, controller.signal);
      }
      const next = redirectTarget(exchange, url);
      if (next === undefined || redirects.length >= MAX_REDIRECTS) {
        return {
          ok: true,
          status: exchange.status,
          method,
          headers: readHeaders(exchange),
          timeMs: elapsed(),
          redirects,
        };
      }
      if (next.hostname.toLowerCase() !== url.hostname.toLowerCase()) {
        const refused = refusedRedirect(options, next);
        if (refused !== undefined) {
          return {
            ok: false,
            error: 'blocked',
            message: refused,
            timeMs: elapsed(),
            status: exchange.status,
            location: next.href,
            redirects,
          };
        }
        throw new OffDomainRedirect(exchange.status, next.href);
      }
      redirects.push(next.href);
      url = next;
      await connectionFreed(options);
    }
  } catch (error) {
    if (error instanceof OffDomainRedirect) {
      return {
        ok: false,
        error: 'redirect-off-domain',
        message: error.message,
        timeMs: elapsed(),
        status: error.status,
        location: error.location,
        redirects,
      };
    }
    return { ok: false, ...classify(error, stoppedBy, options.timeoutMs), timeMs: elapsed() };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** One request: on a connection of the probe's `connections`, else on one of its own, closed before returning. */
async function send(
  options: ProbeOptions,
  url: URL,
  method: 'HEAD' | 'GET',
  signal: AbortSignal,
): Promise<Exchange> {
  const headers = requestHeaders(options, url, method);
  const target = connectionTarget(options, url, headers.host);
  if (options.connections !== undefined) {
    const dispatcher = await options.connections.dispatcherFor(target, signal);
    return await exchange(dispatcher, options, url, method, headers, signal);
  }
  const client = new Client(targetOrigin(target), { connect: connectorFor(target) });
  try {
    return await exchange(client, options, url, method, headers, signal);
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

async function exchange(
  dispatcher: Dispatcher,
  options: ProbeOptions,
  url: URL,
  method: 'HEAD' | 'GET',
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Exchange> {
  const response = await dispatcher.request({
    path: `${url.pathname}${url.search}`,
    method,
    headers,
    signal,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    // undici closes an HTTP/1.1 connection after HEAD by default, for servers that send a body anyway; its parser
    // knows a HEAD answer has none, and a shared connection is worth keeping for the GET fallback and redirects.
    reset: false,
  });
  // Reads at most the limit (none at all when Content-Length is over it), then drops the rest: the socket over
  // HTTP/1.1, only this stream over HTTP/2.
  await response.body.dump({ limit: options.maxBodyBytes, signal });
  const received = response.headers;
  return {
    status: response.statusCode,
    header: (name) => {
      const value = received[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function connectionTarget(options: ProbeOptions, url: URL, host: string): ConnectionTarget {
  return {
    protocol: url.protocol,
    address: options.connectTo.address,
    port: connectPort(options, url),
    servername: sniFor(host, options.servername),
    ...trustOf(options),
    timeoutMs: options.timeoutMs,
    policy: options.addressPolicy ?? STRICT_ADDRESS_POLICY,
  };
}

/** Why `connectTo` must not be connected to at all, when it is an IP the policy refuses. */
function refusedAddress(options: ProbeOptions): string | undefined {
  const host = options.connectTo.address.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0) return undefined;
  const reason = (options.addressPolicy ?? STRICT_ADDRESS_POLICY).refusal(host);
  return reason === undefined ? undefined : `${host} is ${reason}; ${ALLOW_NETWORKS_HINT}`;
}

/**
 * Why a redirect to another host must not be followed even to show it as followed: its host is an internal IP
 * (a name is never followed off the domain; an IP is vetted here so the answer says what it pointed at).
 */
function refusedRedirect(options: ProbeOptions, next: URL): string | undefined {
  const host = next.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0) return undefined;
  const reason = (options.addressPolicy ?? STRICT_ADDRESS_POLICY).refusal(host);
  if (reason === undefined) return undefined;
  return `redirected to ${next.href}, not followed: ${host} is ${reason}; ${ALLOW_NETWORKS_HINT}`;
}

/**
 * undici gives an HTTP/1.1 connection its next request only an event-loop turn after an answer ends: a follow-up
 * (the GET fallback, a redirect) asked for sooner would open another connection rather than reuse the one just freed.
 */
function connectionFreed(options: ProbeOptions): Promise<void> {
  if (options.connections === undefined) return Promise.resolve();
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Only what identifies the request: no Cookie, no Authorization, no Accept-Encoding (edge and origin are asked
 * for the same representation, so their validators are comparable).
 */
function requestHeaders(
  options: ProbeOptions,
  url: URL,
  method: 'HEAD' | 'GET',
): { host: string } & Record<string, string> {
  // A same-host redirect may change the port, and Host has to follow it.
  const host = url.host === options.url.host ? options.hostHeader : url.host;
  return {
    host,
    'user-agent': USER_AGENT,
    accept: '*/*',
    ...(method === 'GET' ? { range: 'bytes=0-0' } : {}),
  };
}

/**
 * The connect port: the caller's while the URL stays on the scheme and port it started with, else what the
 * (redirected) URL says.
 */
function connectPort(options: ProbeOptions, url: URL): number {
  const sameAsStart = url.protocol === options.url.protocol && url.port === options.url.port;
  if (sameAsStart && options.connectTo.port !== undefined) return options.connectTo.port;
  return url.port === '' ? defaultPort(url.protocol) : Number(url.port);
}

function redirectTarget(exchange: Exchange, from: URL): URL | undefined {
  if (!REDIRECT_STATUSES.has(exchange.status)) return undefined;
  const location = exchange.header('location');
  if (location === undefined) return undefined;
  try {
    return withoutCredentials(new URL(location, from));
  } catch {
    return undefined;
  }
}

function withoutCredentials(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy;
}

function readHeaders(exchange: Exchange): ProbeHeaders {
  const age = nonNegativeInteger(exchange.header('age'));
  return {
    etag: exchange.header('etag'),
    lastModified: exchange.header('last-modified'),
    contentLength: totalLength(exchange),
    age,
    via: exchange.header('via'),
    location: exchange.header('location'),
    ...readCacheStatus(exchange.header, age),
  };
}

function totalLength(exchange: Exchange): number | undefined {
  const range = /\/(\d+)\s*$/.exec(exchange.header('content-range') ?? '');
  if (exchange.status === 206 && range) return Number(range[1]);
  return nonNegativeInteger(exchange.header('content-length'));
}

function nonNegativeInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SIGNATURE|UNABLE_TO_(GET|VERIFY)/;

function classify(
  error: unknown,
  stoppedBy: StopReason | undefined,
  timeoutMs: number,
): { error: ProbeErrorKind; message: string } {
  if (stoppedBy === 'timeout') return { error: 'timeout', message: `no answer within ${timeoutMs} ms` };
  if (stoppedBy === 'deadline') return { error: 'timeout', message: 'stopped at the check deadline' };
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === undefined) return { error: 'other', message };
  if (code === 'CDNOPS_ADDRESS_REFUSED') {
    return { error: 'blocked', message: `not connected: ${message}; ${ALLOW_NETWORKS_HINT}` };
  }
  if (code === 'ECONNREFUSED') return { error: 'refused', message: 'connection refused' };
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return { error: 'timeout', message: `no answer within ${timeoutMs} ms` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { error: 'dns', message };
  if (TLS_CODE.test(code)) return { error: 'tls', message };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return { error: 'other', message: `connection closed: ${message}` };
  return { error: 'other', message };
}

/** Undici wraps socket errors in its own at times; the socket's code is the informative one. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let found: string | undefined;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') {
      found = current.code;
      if (!found.startsWith('UND_ERR_')) return found;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return found;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
