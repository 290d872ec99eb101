import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostKey } from './host-key.ts';
import { OriginSite } from './origin-site.ts';
import type { OriginRequest, OriginSandbox, OriginSandboxOptions } from './types.ts';
import { writeRepresentation } from './write-representation.ts';

function answer(site: OriginSite, request: IncomingMessage, response: ServerResponse): void {
  const method = request.method ?? 'GET';
  const route = site.route(request.headers.host ?? '', request.url ?? '/');
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end();
    return;
  }
  if (method === 'HEAD' && route.refuseHead) {
    response.writeHead(405, { allow: 'GET', 'content-length': 0 }).end();
    return;
  }
  if (route.kind === 'redirect') {
    response.writeHead(route.status, { location: route.location, 'content-length': 0 }).end();
    return;
  }
  if (route.kind === 'missing') {
    const body = 'Not Found\n';
    response.writeHead(404, { 'content-type': 'text/plain', 'content-length': body.length });
    response.end(method === 'HEAD' ? undefined : body);
    return;
  }
  writeRepresentation(request, response, route.representation, { server: 'cdnops-origin-sandbox' });
}

/**
 * Starts a loopback origin web server on 127.0.0.1 and a free port serving many sites by Host header, with real
 * validators, conditional requests and byte ranges, so a CDN edge (or a check) can be pointed at it.
 */
export async function startOriginSandbox(options: OriginSandboxOptions): Promise<OriginSandbox> {
  const site = new OriginSite(() => options.clock.now());
  const requests: OriginRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({
      method: request.method ?? 'GET',
      host: hostKey(request.headers.host),
      path: request.url ?? '/',
      headers: request.headers,
    });
    answer(site, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Listening on TCP, so address() is an AddressInfo rather than a pipe name.
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFile: (host, path, file) => site.setFile(host, path, file),
    removeFile: (host, path) => site.removeFile(host, path),
    redirect: (host, path, location, status = 302) => site.redirect(host, path, location, status),
    refuseHead: (host, path) => site.refuseHead(host, path),
    requests,
    close() {
      closed ??= new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
