import { setMaxListeners } from 'node:events';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { type AddressPolicy, STRICT_ADDRESS_POLICY } from '../util/address-policy.ts';
import { defaultPort, parseHostPort } from '../util/host-port.ts';
import { createSemaphore, type Semaphore } from '../util/semaphore.ts';
import { type CheckConnections, openCheckConnections } from './check-connections.ts';
import { ALLOW_NETWORKS_HINT, type ProbeResult, probe } from './probe.ts';
import { type ResolvedEdges, resolveEdges } from './resolve-edges.ts';
import { summarizeCheck } from './summarize.ts';
import type { EdgeCheck, OriginCheck, UrlCheck } from './types.ts';
import { compareToOrigin, type OriginAnswer } from './verdict.ts';

export interface OriginTarget {
  /** An IP or a hostname, optionally with a port (`10.0.0.1:8080`, `origin.example.com`, `[2001:db8::1]:81`). */
  address: string;
  /** Wins over a port in `address`; else 80/443 by `protocol`. */
  port?: number;
  hostHeader: string;
  protocol: 'http:' | 'https:';
}

export interface CheckTarget {
  url: string;
  /** The provider's CNAME for the URL's domain; without one there are no edges to ask. */
  cname: string | undefined;
  origin: OriginTarget | undefined;
}

export interface CheckOptions {
  /** Edge addresses per URL (A records first, then AAAA). */
  edges: number;
  /** Per probe (and per DNS lookup). */
  timeoutMs: number;
  /** For the whole check: whatever is unfinished then is aborted and reported as timed out. */
  overallTimeoutMs: number;
  /** A DNS server as `host:port`; the system's when absent. */
  resolver?: string;
  ca?: string | string[];
  /** Trusted CAs ready to use (wins over `ca`); see ProbeOptions.secureContext. */
  secureContext?: SecureContext;
  /**
   * Which edge, origin and redirect addresses may be asked (`check.allowNetworks`); without it every internal
   * address (loopback, private, link-local, CGNAT, multicast, reserved…) is refused before anything is sent.
   */
  addressPolicy?: AddressPolicy;
  /** Requests in flight at once, across every URL of the check. */
  concurrency?: number;
  maxBodyBytes?: number;
  now?: () => number;
}

export const CHECK_DEFAULTS = {
  edges: 4,
  timeoutMs: 5_000,
  overallTimeoutMs: 20_000,
  // Enough for a full `/cdn check` (20 URLs × 4 edges + 20 origins) in one wave, so it takes about as long as its
  // slowest request; still a bound on sockets when someone asks for many edges.
  concurrency: 128,
  maxBodyBytes: 4_096,
} as const;

interface CheckContext {
  options: CheckOptions;
  /** From `options`: built once per check rather than once per connection. */
  secureContext: SecureContext | undefined;
  signal: AbortSignal;
  semaphore: Semaphore;
  connections: CheckConnections;
  resolve(hostname: string, max: number): Promise<ResolvedEdges>;
}

/**
 * Asks each URL's edges and its origin for the URL, all concurrently within one request limit and one deadline,
 * and judges every edge against the origin. Never rejects: every failure is part of the result.
 */
export async function checkUrls(targets: readonly CheckTarget[], options: CheckOptions): Promise<UrlCheck[]> {
  const deadline = new AbortController();
  // Every request in flight and every lookup listens to the deadline: many listeners by design, not a leak.
  setMaxListeners(0, deadline.signal);
  const timer = setTimeout(() => deadline.abort(), options.overallTimeoutMs);
  // Many URLs share a domain (and origins a hostname): one lookup each.
  const lookups = new Map<string, Promise<ResolvedEdges>>();
  const context: CheckContext = {
    options,
    secureContext:
      options.secureContext ??
      (options.ca === undefined ? undefined : createSecureContext({ ca: options.ca })),
    signal: deadline.signal,
    semaphore: createSemaphore(Math.max(1, options.concurrency ?? CHECK_DEFAULTS.concurrency)),
    connections: openCheckConnections(),
    resolve(hostname, max) {
      const key = `${max} ${hostname.toLowerCase()}`;
      let lookup = lookups.get(key);
      if (lookup === undefined) {
        lookup = resolveEdges(hostname, {
          max,
          timeoutMs: options.timeoutMs,
          signal: deadline.signal,
          ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
        });
        lookups.set(key, lookup);
      }
      return lookup;
    },
  };
  try {
    return await Promise.all(targets.map((target) => checkTarget(target, context)));
  } finally {
    clearTimeout(timer);
    await context.connections.close();
  }
}

async function checkTarget(target: CheckTarget, context: CheckContext): Promise<UrlCheck> {
  const parsed = parseUrl(target.url);
  if ('notChecked' in parsed) return notChecked(parsed.url, parsed.hostname, parsed.notChecked);
  const { url } = parsed;
  if (target.cname === undefined || target.cname.trim() === '') {
    return notChecked(url.href, url.hostname, `no CNAME known for ${url.hostname}`);
  }

  const resolved = await context.resolve(target.cname, context.options.edges);
  // With no edge to compare, asking the origin would only load it (and, for a CNAME that does not resolve here,
  // reach for an origin that may not be reachable either); the edge requests below still overlap with it.
  const policy = context.options.addressPolicy ?? STRICT_ADDRESS_POLICY;
  const askable = resolved.addresses.filter((edge) => policy.refusal(edge.address) === undefined);
  const origin: Promise<OriginCheck> =
    askable.length === 0
      ? Promise.resolve({ checked: false, reason: 'not asked: no edges to compare with' })
      : checkOrigin(target.origin, url, context);
  const results = await Promise.all(
    resolved.addresses.map((edge) => {
      const refused = refusal(context, `edge ${edge.address} of ${url.hostname}`, edge.address);
      if (refused !== undefined) return Promise.resolve(refused);
      return context.semaphore.run(() =>
        probe({
          ...probeOptions(context),
          url,
          connectTo: { address: edge.address },
          hostHeader: url.host,
          servername: url.hostname,
        }),
      );
    }),
  );
  const originCheck = await origin;
  const answer = originAnswer(originCheck);
  const edges: EdgeCheck[] = resolved.addresses.map((edge, index) => {
    const result = results[index]!;
    return { ...edge, result, ...compareToOrigin(result, answer) };
  });
  const check = {
    url: url.href,
    hostname: url.hostname,
    cname: target.cname,
    origin: originCheck,
    edges,
    ...(resolved.error === undefined ? {} : { resolutionError: resolved.error }),
  };
  return { ...check, summary: summarizeCheck(check) };
}

async function checkOrigin(
  origin: OriginTarget | undefined,
  url: URL,
  context: CheckContext,
): Promise<OriginCheck> {
  if (origin === undefined) return { checked: false, reason: 'no origin configured to compare with' };
  const configured = parseHostPort(origin.address);
  const port = origin.port ?? configured.port ?? defaultPort(origin.protocol);
  const base = { checked: true as const, configured: origin.address, port, hostHeader: origin.hostHeader };

  let originUrl: URL;
  try {
    originUrl = new URL(`${url.pathname}${url.search}`, `${origin.protocol}//${origin.hostHeader}`);
  } catch {
    return {
      ...base,
      address: configured.host,
      result: failed('other', `invalid origin Host header ${origin.hostHeader}`),
    };
  }

  let address = configured.host;
  if (isIP(address) === 0) {
    const resolved = await context.resolve(address, 1);
    const first = resolved.addresses[0];
    if (first === undefined) {
      return { ...base, address, result: failed('dns', resolved.error ?? `${address} has no addresses`) };
    }
    address = first.address;
  }
  const refused = refusal(context, `origin ${address} of ${url.hostname}`, address);
  if (refused !== undefined) return { ...base, address, result: refused };

  const result = await context.semaphore.run(() =>
    probe({
      ...probeOptions(context),
      url: originUrl,
      connectTo: { address, port },
      hostHeader: origin.hostHeader,
      servername: originUrl.hostname,
    }),
  );
  return { ...base, address, result };
}

/** A failed result naming `who` and why, when the policy refuses its address; nothing is sent to it. */
function refusal(context: CheckContext, who: string, address: string): ProbeResult | undefined {
  const reason = (context.options.addressPolicy ?? STRICT_ADDRESS_POLICY).refusal(address);
  if (reason === undefined) return undefined;
  return { ok: false, error: 'blocked', message: `${who} is ${reason}; ${ALLOW_NETWORKS_HINT}`, timeMs: 0 };
}

function probeOptions(context: CheckContext) {
  const { options } = context;
  return {
    addressPolicy: options.addressPolicy ?? STRICT_ADDRESS_POLICY,
    timeoutMs: options.timeoutMs,
    signal: context.signal,
    connections: context.connections,
    maxBodyBytes: options.maxBodyBytes ?? CHECK_DEFAULTS.maxBodyBytes,
    ...(context.secureContext === undefined ? {} : { secureContext: context.secureContext }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
}

function originAnswer(origin: OriginCheck): OriginAnswer {
  return origin.checked ? origin.result : { missing: origin.reason };
}

function parseUrl(text: string): { url: URL } | { url: string; hostname: string; notChecked: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { url: text, hostname: '', notChecked: 'not a valid URL' };
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { url: url.href, hostname: url.hostname, notChecked: 'only http and https URLs can be checked' };
  }
  return { url };
}

function notChecked(url: string, hostname: string, reason: string): UrlCheck {
  const check = { url, hostname, origin: { checked: false as const, reason }, edges: [], notChecked: reason };
  return { ...check, summary: summarizeCheck(check) };
}

function failed(error: 'dns' | 'other', message: string): ProbeResult {
  return { ok: false, error, message, timeMs: 0 };
}
