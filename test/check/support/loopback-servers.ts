/**
 * HTTP(S) servers standing in for a CDN's edges: one per loopback address (127.0.0.2, 127.0.0.3…), all on the
 * same port, because the URL being checked fixes one port for every edge.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { addressPolicy } from '../../../src/util/address-policy.ts';

/** What these tests listen on, allowed as `check.allowNetworks` would allow it: cdnops refuses loopback by default. */
export const LOOPBACK_ALLOWED = addressPolicy(['127.0.0.0/8', '::1/128']);

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse, address: string) => void;

export interface LoopbackServers {
  port: number;
  close(): Promise<void>;
}

export interface TlsMaterial {
  key: string;
  cert: string;
}

export async function startLoopbackServers(
  addresses: readonly string[],
  handler: Handler,
  tls?: TlsMaterial,
): Promise<LoopbackServers> {
  // Port 0 only guarantees a free port on the first address; another address may have it taken, so try again.
  for (let attempt = 0; ; attempt += 1) {
    const servers: (http.Server | https.Server)[] = [];
    try {
      let port = 0;
      for (const address of addresses) {
        const server = createServer((request, response) => handler(request, response, address), tls);
        servers.push(server);
        port = await listen(server, port, address);
      }
      return { port, close: () => closeAll(servers) };
    } catch (error) {
      await closeAll(servers);
      if (attempt >= 5) throw error;
    }
  }
}

function createServer(
  listener: http.RequestListener,
  tls: TlsMaterial | undefined,
): http.Server | https.Server {
  return tls === undefined ? http.createServer(listener) : https.createServer({ ...tls }, listener);
}

function listen(server: http.Server | https.Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeAll(servers: readonly (http.Server | https.Server)[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
}
