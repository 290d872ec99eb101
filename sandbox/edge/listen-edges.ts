import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SANDBOX_CERTIFICATE, SANDBOX_PRIVATE_KEY } from './sandbox-certificate.ts';

/** Another process may take the port between binding the first edge and the rest; then every edge starts over. */
const ATTEMPTS = 5;

/** An edge's HTTPS listener answers HTTP/2 and HTTP/1.1 alike, through Node's compatibility API for HTTP/2. */
export type EdgeIncoming = IncomingMessage | Http2ServerRequest;
export type EdgeOutgoing = ServerResponse | Http2ServerResponse;
export type EdgeListener = (request: EdgeIncoming, response: EdgeOutgoing) => void;

/** The HTTP version a connection settled on: ALPN's answer over TLS, HTTP/1.1 over plain TCP. */
export type EdgeProtocol = 'h2' | 'http/1.1';

export interface EdgeHandlers {
  requests(index: number, scheme: 'http' | 'https'): EdgeListener;
  /** Each connection once it is ready for requests (after the TLS handshake over HTTPS). */
  connection(index: number, scheme: 'http' | 'https', protocol: EdgeProtocol): void;
}

/** Listening servers and every connection they hold, for closing them all at once. */
export interface EdgeServers {
  servers: Server[];
  sockets: Set<Socket>;
}

export interface EdgeListeners extends EdgeServers {
  httpPort: number;
  httpsPort: number;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      // Listening on TCP, so address() is an AddressInfo rather than a pipe name.
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops listening and destroys every connection, idle, busy or still in its TLS handshake: HTTP/2 servers have no
 * closeAllConnections, and a held (`hang`) request would otherwise keep its connection open.
 */
export function closeAll({ servers, sockets }: EdgeServers): Promise<void> {
  const closed = Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) {
            resolve();
            return;
          }
          server.close(() => resolve());
        }),
    ),
  );
  for (const socket of sockets) socket.destroy();
  return closed.then(() => undefined);
}

function track(server: Server, sockets: Set<Socket>): void {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
}

async function attempt(addresses: readonly string[], handlers: EdgeHandlers): Promise<EdgeListeners> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let httpPort = 0;
  let httpsPort = 0;
  try {
    for (const [index, address] of addresses.entries()) {
      const http = createHttpServer(handlers.requests(index, 'http'));
      http.on('connection', () => handlers.connection(index, 'http', 'http/1.1'));
      // As CDN edges do: HTTP/2 for clients offering it (ALPN), HTTP/1.1 for the rest.
      const https = createSecureServer(
        { key: SANDBOX_PRIVATE_KEY, cert: SANDBOX_CERTIFICATE, allowHTTP1: true },
        handlers.requests(index, 'https'),
      );
      https.on('secureConnection', (socket: TLSSocket) =>
        handlers.connection(index, 'https', socket.alpnProtocol === 'h2' ? 'h2' : 'http/1.1'),
      );
      for (const server of [http, https]) {
        track(server, sockets);
        servers.push(server);
      }
      httpPort = await listen(http, httpPort, address);
      httpsPort = await listen(https, httpsPort, address);
    }
    return { servers, sockets, httpPort, httpsPort };
  } catch (error) {
    await closeAll({ servers, sockets });
    throw error;
  }
}

/**
 * Binds an HTTP and an HTTPS server on each address, all sharing one HTTP port and one HTTPS port as a CDN's
 * edges do, so a client only swaps the address it connects to.
 */
export async function listenEdges(
  addresses: readonly string[],
  handlers: EdgeHandlers,
): Promise<EdgeListeners> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt(addresses, handlers);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || tries >= ATTEMPTS) {
        if (code === 'EADDRNOTAVAIL') {
          throw new Error(
            `edge sandbox: cannot bind 127.0.0.2 and up (on macOS: sudo ifconfig lo0 alias 127.0.0.2 up)`,
          );
        }
        throw error;
      }
    }
  }
}
