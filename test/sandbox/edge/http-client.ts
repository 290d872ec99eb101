import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface SentRequest {
  /** The address to connect to, whatever the Host header says. */
  address: string;
  port: number;
  host: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Set for HTTPS: the CA to trust (default the system's); SNI is `servername` (default `host`). */
  tls?: { ca?: string; servername?: string };
  timeoutMs?: number;
}

export interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to an exact address with its own Host header and SNI, as a check of each CDN edge sends. */
export function send(options: SentRequest): Promise<Received> {
  const request = options.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: options.address,
        port: options.port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: { ...options.headers, host: options.host },
        agent: false,
        timeout: options.timeoutMs ?? 5_000,
        ...(options.tls?.ca === undefined ? {} : { ca: options.tls.ca }),
        ...(options.tls ? { servername: options.tls.servername ?? options.host } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
