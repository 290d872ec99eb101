/** A loopback authoritative DNS server for tests and the demo. */
export { startDnsSandbox } from './start-dns-sandbox.ts';
export type { DnsQuery, DnsRecord, DnsSandbox, DnsSandboxOptions } from './types.ts';
