/**
 * One HTTPS server standing in for a CDN edge, either speaking HTTP/2 (as real edges do, to clients offering it) or
 * HTTP/1.1 only, that records every connection it accepts and can tell when they have all closed.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SANDBOX_CERTIFICATE, SANDBOX_PRIVATE_KEY } from '../../../sandbox/edge/sandbox-certificate.ts';

export interface EdgeExchange {
  method: string;
  path: string;
  host: string | undefined;
  /** Which accepted connection carried it: an index into `connections`. */
  connection: number;
  /** Settles when the client is done with the request: answered, or given up (a reset stream, a closed socket). */
  closed: Promise<void>;
  reply(status: number, headers?: OutgoingHttpHeaders): void;
}

export interface TlsEdge {
  port: number;
  /** The ALPN protocol of each accepted connection, in order (`false` or `null`: none agreed). */
  connections: (string | false | null)[];
  /** Resolves once every connection accepted so far has closed. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** Serves `address` with the sandbox certificate (*.example.com); `handle` answers each request, or never does. */
export async function startTlsEdge(
  address: string,
  protocol: 'h2' | 'http/1.1',
  handle: (exchange: EdgeExchange) => void,
): Promise<TlsEdge> {
  const tls = { key: SANDBOX_PRIVATE_KEY, cert: SANDBOX_CERTIFICATE };
  const connections: (string | false | null)[] = [];
  const sockets: TLSSocket[] = [];
  // HTTP/2 shows a request's socket only through a proxy of its session's: the client's port tells them apart.
  const connectionOf = (remotePort: number | undefined) =>
    sockets.findIndex((socket) => socket.remotePort === remotePort);
  const server: Server =
    protocol === 'h2'
      ? createSecureServer(tls, (request, response) => {
          handle({
            method: request.method,
            path: request.url,
            host: request.authority,
            connection: connectionOf(request.stream.session?.socket.remotePort),
            // The response does not tell when a client resets its stream with NO_ERROR, as undici does on abort.
            closed: new Promise((resolve) => request.stream.once('close', resolve)),
            reply: (status, headers) => response.writeHead(status, headers).end(),
          });
        })
      : createServer(tls, (request, response) => {
          handle({
            method: request.method ?? '',
            path: request.url ?? '',
            host: request.headers.host,
            connection: connectionOf(request.socket.remotePort),
            closed: new Promise((resolve) => response.once('close', resolve)),
            reply: (status, headers) => response.writeHead(status, headers).end(),
          });
        });
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.push(socket);
    connections.push(socket.alpnProtocol);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    allClosed: () =>
      Promise.all(
        sockets.map((socket) =>
          socket.closed ? undefined : new Promise<void>((resolve) => socket.once('close', () => resolve())),
        ),
      ).then(() => undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
