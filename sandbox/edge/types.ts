import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../src/clock.ts';

export type EdgeStyle = 'tencent' | 'wangsu';

/** Where the edges fetch a site from on a miss. */
export interface EdgeOrigin {
  /** The origin's base, e.g. an origin sandbox's `http://127.0.0.1:<port>`; the request's path is appended. */
  url: string;
  /** The Host header sent to the origin (a CDN's "origin host header"). */
  hostHeader: string;
}

export interface EdgeSandboxOptions {
  /** How many edge nodes, each on its own loopback address 127.0.0.(2+i). Default 4, at most 250. */
  edges?: number;
  /** The origin of a site; `undefined` means the CDN does not accelerate it (the edges answer 404). */
  origin: (host: string) => EdgeOrigin | undefined;
  /** Which provider's cache headers a site's answers carry. Default `tencent`. */
  style?: (host: string) => EdgeStyle;
  /**
   * Epoch ms of the latest completed purge covering `url` (`https://host/path?query`), e.g. a provider
   * sandbox's `lastPurgeDoneAt`. A copy fetched before it is a miss; otherwise cached copies are served forever.
   */
  purgedAt?: (url: string) => number | undefined;
  /** Stamps when each copy was fetched, for `Age` and for comparing with `purgedAt`. */
  clock: Pick<Clock, 'now'>;
}

/** One request an edge received, in arrival order. */
export interface EdgeRequest {
  /** The edge's loopback address. */
  address: string;
  scheme: 'http' | 'https';
  method: string;
  /** The Host header (`:authority` over HTTP/2), lower-case, without the port. */
  host: string;
  /** Path and query as requested. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** One connection an edge accepted, in order: how many a client opened, and what it spoke on each. */
export interface EdgeConnection {
  address: string;
  scheme: 'http' | 'https';
  /** HTTPS offers h2 and http/1.1 (the client's ALPN decides); plain HTTP is always http/1.1. */
  protocol: 'h2' | 'http/1.1';
}

export interface EdgeSandbox {
  /** One per edge: `127.0.0.2`, `127.0.0.3`, … */
  addresses: string[];
  /** Every edge listens on these same two ports. */
  httpPort: number;
  httpsPort: number;
  /** PEM to pass as `ca`: the self-signed certificate every edge serves, whatever the SNI. */
  ca: string;
  /** Delays every answer of the edge at `address` by `ms` of real time; `'hang'` holds them until reset or close. */
  slow(address: string, delay: number | 'hang'): void;
  /** Ends `slow` for that edge and releases the requests it is holding. */
  reset(address: string): void;
  requests: EdgeRequest[];
  connections: EdgeConnection[];
  close(): Promise<void>;
}
