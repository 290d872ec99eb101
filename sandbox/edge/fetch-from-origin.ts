import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { hostKey } from '../origin/host-key.ts';
import { SANDBOX_CA } from './sandbox-certificate.ts';
import type { EdgeOrigin } from './types.ts';

const ORIGIN_TIMEOUT_MS = 10_000;

export interface OriginAnswer {
  status: number;
  body: Buffer;
  header(name: string): string | undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readAll(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
  });
}

/**
 * A back-to-origin GET of `pathAndQuery` with the configured origin host header, whatever the client asked
 * (HEAD, a range): an edge fills its cache with the whole object. An https origin must present a certificate the
 * sandbox CA signed, for the host header's name.
 */
export function fetchFromOrigin(
  origin: EdgeOrigin,
  pathAndQuery: string,
  via: string,
): Promise<OriginAnswer> {
  const base = new URL(origin.url);
  const secure = base.protocol === 'https:';
  const servername = hostKey(origin.hostHeader);
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || (secure ? 443 : 80),
        path: `${base.pathname.replace(/\/$/, '')}${pathAndQuery}`,
        method: 'GET',
        headers: { host: origin.hostHeader, via, 'user-agent': 'cdnops-edge-sandbox' },
        agent: false,
        timeout: ORIGIN_TIMEOUT_MS,
        ...(secure ? { ca: SANDBOX_CA, ...(isIP(servername) ? {} : { servername }) } : {}),
      },
      (response) => {
        readAll(response).then(
          (body) =>
            resolve({
              status: response.statusCode ?? 502,
              body,
              header: (name) => single(response.headers[name.toLowerCase()]),
            }),
          reject,
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('origin timed out')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
