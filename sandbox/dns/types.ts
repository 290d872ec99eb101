/** What one name holds. A name with a `cname` holds nothing else, as in real DNS. */
export interface DnsRecord {
  a?: string[];
  aaaa?: string[];
  cname?: string;
}

export interface DnsSandboxOptions {
  /** Records present from the start, keyed by name (any case, trailing dot optional). */
  records?: Record<string, DnsRecord>;
}

/** One question the sandbox was asked, in arrival order. */
export interface DnsQuery {
  /** Lower-case, without the trailing dot. */
  name: string;
  /** `A`, `AAAA`, `CNAME`, or `TYPE<n>` for any other type. */
  type: string;
}

export interface DnsSandbox {
  address: '127.0.0.1';
  port: number;
  /** `127.0.0.1:<port>`, ready for `Resolver#setServers`. */
  server: string;
  /** Replaces whatever the name held. Throws when `cname` is combined with addresses or an address is invalid. */
  setRecord(name: string, record: DnsRecord): void;
  removeRecord(name: string): void;
  queries: DnsQuery[];
  close(): Promise<void>;
}
