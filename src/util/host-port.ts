import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port?: number;
}

/**
 * Splits an address as people write it in origin settings: `1.2.3.4`, `1.2.3.4:8080`, `origin.example.com:81`,
 * `[2001:db8::1]:8080`, or a bare IPv6 address (its colons are not a port separator).
 */
export function parseHostPort(value: string): HostPort {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2]);
  if (isIP(text) === 6) return { host: text };
  const hostAndPort = /^([^:]+):(\d+)$/.exec(text);
  if (hostAndPort) return withPort(hostAndPort[1]!, hostAndPort[2]);
  return { host: text };
}

function withPort(host: string, port: string | undefined): HostPort {
  if (port === undefined) return { host };
  const number = Number(port);
  return number > 0 && number < 65_536 ? { host, port: number } : { host };
}

/** An address as it goes into a URL's authority: IPv6 needs brackets there. */
export function urlHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

export function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}
