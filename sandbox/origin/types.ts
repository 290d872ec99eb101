import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../src/clock.ts';

export interface OriginFile {
  body: string;
  /** Sent as given (include the quotes). Omitted: a strong tag from the body's hash; `null`: no ETag at all. */
  etag?: string | null;
  /** Omitted: the clock's time at `setFile`; `null`: no Last-Modified at all. A string is sent as given. */
  lastModified?: Date | string | null;
  /** Default `text/plain; charset=utf-8`. */
  contentType?: string;
  cacheControl?: string;
}

export interface OriginSandboxOptions {
  /** Stamps the default Last-Modified of files. */
  clock: Pick<Clock, 'now'>;
}

/** One request the origin received, in arrival order. */
export interface OriginRequest {
  method: string;
  /** The Host header, lower-case, without the port. */
  host: string;
  /** Path and query as requested. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface OriginSandbox {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /**
   * Serves `file` for GET and HEAD of `path` on the site named by the Host header. A path without a query also
   * answers requests for it with any query, unless a file is set for that exact query.
   */
  setFile(host: string, path: string, file: OriginFile): void;
  removeFile(host: string, path: string): void;
  /** Answers `status` (default 302) with `Location: location` instead of a file. */
  redirect(host: string, path: string, location: string, status?: number): void;
  /** HEAD of this path answers 405, as some origins do; GET still works. */
  refuseHead(host: string, path: string): void;
  requests: OriginRequest[];
  close(): Promise<void>;
}
