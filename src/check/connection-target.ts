import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import { buildConnector, type Dispatcher } from 'undici';
import type { AddressPolicy } from '../util/address-policy.ts';
import { guardConnector, guardedLookup } from '../util/guarded-connect.ts';
import { urlHost } from '../util/host-port.ts';

/** Everything that decides which connection may carry a request: where it goes, and how it is secured. */
export interface ConnectionTarget {
  /** A redirect may name another scheme; undici refuses anything but http and https. */
  protocol: string;
  /** An IP, or a name the system resolves. */
  address: string;
  port: number;
  /** The TLS SNI name; none for an IP. */
  servername: string | undefined;
  /** Wins over `ca`; the system's CAs when both are absent. */
  secureContext?: SecureContext;
  ca?: string | string[];
  /** Bounds connecting, TLS handshake included. */
  timeoutMs: number;
  /** Which addresses a connection may reach; checked before connecting and on the connected socket. */
  policy: AddressPolicy;
}

/** Hands out what carries a request to `target`; waits no longer than `signal` allows. */
export interface ConnectionSource {
  dispatcherFor(target: ConnectionTarget, signal: AbortSignal): Promise<Dispatcher>;
}

/** The origin undici's dispatchers are built for: the address connected to, not the Host header. */
export function targetOrigin(target: ConnectionTarget): string {
  return `${target.protocol}//${urlHost(target.address)}:${target.port}`;
}

/** The CAs to trust, as TLS options: a built context wins over PEM; neither means the system's. */
export function trustOf(from: {
  secureContext?: SecureContext | undefined;
  ca?: string | string[] | undefined;
}): { secureContext: SecureContext } | { ca: string | string[] } | Record<string, never> {
  if (from.secureContext !== undefined) return { secureContext: from.secureContext };
  return from.ca === undefined ? {} : { ca: from.ca };
}

export function connectorOptions(target: ConnectionTarget): buildConnector.BuildOptions {
  return {
    ...(target.servername === undefined ? {} : { servername: target.servername }),
    ...trustOf(target),
    timeout: target.timeoutMs,
  };
}

/**
 * The connector every connection to `target` is opened with: undici's, held to the target's address policy (an IP
 * is vetted before connecting, a name as it resolves, the connected peer once more).
 */
export function connectorFor(
  target: ConnectionTarget,
  extra: { allowH2?: boolean } = {},
): buildConnector.connector {
  const connector = buildConnector({
    ...connectorOptions(target),
    ...extra,
    lookup: guardedLookup(target.policy),
  } as buildConnector.BuildOptions);
  return guardConnector(connector, target.policy);
}

/**
 * The SNI undici sends: the Host header's name, else the caller's servername, never an IP (not a valid SNI name, and
 * Node warns about it). Taken as undici takes it, case and all, because undici drops a connection when a request's
 * name differs from the one it connected with.
 */
export function sniFor(hostHeader: string, servername: string): string | undefined {
  return [hostName(hostHeader), servername].find((name) => name !== '' && isIP(name) === 0);
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, Math.max(1, host.indexOf(']')));
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
