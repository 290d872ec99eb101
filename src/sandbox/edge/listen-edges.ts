import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CERTIFICATE, SANDBOX_PRIVATE_KEY } from './sandbox-certificate.ts';

/** Another process may take the port between binding the first edge and the rest; then every edge starts over. */
const ATTEMPTS = 5;

export interface EdgeListeners {
  servers: Server[];
  httpPort: number;
  httpsPort: number;
}

export type HandlerFor = (index: number, scheme: 'http' | 'https') => RequestListener;

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

export function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) {
            resolve();
            return;
          }
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  ).then(() => undefined);
}

async function attempt(addresses: readonly string[], handlerFor: HandlerFor): Promise<EdgeListeners> {
  const servers: Server[] = [];
  let httpPort = 0;
  let httpsPort = 0;
  try {
    for (const [index, address] of addresses.entries()) {
      const http = createHttpServer(handlerFor(index, 'http'));
      const https = createHttpsServer(
        { key: SANDBOX_PRIVATE_KEY, cert: SANDBOX_CERTIFICATE },
        handlerFor(index, 'https'),
      );
      servers.push(http, https);
      httpPort = await listen(http, httpPort, address);
      httpsPort = await listen(https, httpsPort, address);
    }
    return { servers, httpPort, httpsPort };
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

/**
 * Binds an HTTP and an HTTPS server on each address, all sharing one HTTP port and one HTTPS port as a CDN's
 * edges do, so a client only swaps the address it connects to.
 */
export async function listenEdges(
  addresses: readonly string[],
  handlerFor: HandlerFor,
): Promise<EdgeListeners> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt(addresses, handlerFor);
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
