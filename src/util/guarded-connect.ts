import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy.ts';

/** Why a connection was not even attempted: the address it would reach is one the policy refuses. */
export class AddressRefused extends Error {
  readonly code = 'CDNOPS_ADDRESS_REFUSED';
  constructor(
    readonly address: string,
    /** Words that follow "is", e.g. `a loopback address`. */
    readonly reason: string,
    /** The name that resolved to it, when the connection was asked for by name. */
    readonly hostname?: string,
  ) {
    super(
      hostname === undefined ? `${address} is ${reason}` : `${hostname} resolves to ${address}, ${reason}`,
    );
    this.name = 'AddressRefused';
  }
}

/**
 * A `lookup` for net/tls.connect that passes on only addresses `policy` allows: a name resolved while connecting
 * cannot reach what an IP given outright could not. With several answers (`all`, as Node's family autoselection
 * asks) the refused ones are dropped; none left fails with the first refusal.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const allowed = found.filter((entry) => policy.refusal(entry.address) === undefined);
      if (allowed.length === 0) {
        const first = found[0];
        const refused = first
          ? new AddressRefused(first.address, policy.refusal(first.address) ?? 'refused', hostname)
          : Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' });
        callback(refused, '', 0);
        return;
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * Wraps an undici connector so that every connection it opens goes only where `policy` allows: an IP host is
 * vetted before connecting (Node skips `lookup` for IPs), a name through `guardedLookup` (give it to the connector's
 * build options), and the socket's peer once more after connecting, whatever path led there.
 */
export function guardConnector(
  connector: buildConnector.connector,
  policy: AddressPolicy,
): buildConnector.connector {
  return (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    const before = isIP(host) === 0 ? undefined : policy.refusal(host);
    if (before !== undefined) {
      queueMicrotask(() => callback(new AddressRefused(host, before), null));
      return;
    }
    connector(options, (error, socket) => {
      if (error !== null || socket === null) {
        callback(error, null);
        return;
      }
      const peer = (socket as Socket).remoteAddress;
      const after = peer === undefined ? undefined : policy.refusal(peer);
      if (peer !== undefined && after !== undefined) {
        socket.destroy();
        callback(new AddressRefused(peer, after, isIP(host) === 0 ? host : undefined), null);
        return;
      }
      callback(null, socket);
    });
  };
}
