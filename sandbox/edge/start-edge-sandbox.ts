import { hostKey } from '../origin/host-key.ts';
import { EdgeCache } from './edge-cache.ts';
import { EdgeDelays } from './edge-delays.ts';
import { type EdgeNode, handleEdgeRequest } from './handle-edge-request.ts';
import { abandon, requestHost } from './http-versions.ts';
import {
  closeAll,
  type EdgeHandlers,
  type EdgeIncoming,
  type EdgeOutgoing,
  listenEdges,
} from './listen-edges.ts';
import { SANDBOX_CA } from './sandbox-certificate.ts';
import type { EdgeConnection, EdgeRequest, EdgeSandbox, EdgeSandboxOptions } from './types.ts';

const DEFAULT_EDGES = 4;
/** 127.0.0.2 … 127.0.0.251 stay inside one /24 of the loopback block. */
const MAX_EDGES = 250;

/**
 * Starts simulated CDN edge nodes for many sites at once: each on its own loopback address with its own cache,
 * all on shared HTTP and HTTPS ports, fetching misses from `options.origin`. Point DNS (the DNS sandbox) at
 * `addresses` and a check sees what a CDN's edges would serve, stale copies included.
 */
export async function startEdgeSandbox(options: EdgeSandboxOptions): Promise<EdgeSandbox> {
  const count = options.edges ?? DEFAULT_EDGES;
  if (!Number.isInteger(count) || count < 1 || count > MAX_EDGES) {
    throw new Error(`edge sandbox: edges must be an integer from 1 to ${MAX_EDGES}, got ${count}`);
  }
  const nodes: EdgeNode[] = Array.from({ length: count }, (_, index) => ({
    index,
    address: `127.0.0.${2 + index}`,
    cache: new EdgeCache(),
  }));
  const addresses = nodes.map((node) => node.address);
  const requests: EdgeRequest[] = [];
  const connections: EdgeConnection[] = [];
  const delays = new EdgeDelays();
  let closing = false;

  async function serve(
    node: EdgeNode,
    scheme: 'http' | 'https',
    request: EdgeIncoming,
    response: EdgeOutgoing,
  ) {
    requests.push({
      address: node.address,
      scheme,
      method: request.method ?? 'GET',
      host: hostKey(requestHost(request)),
      path: request.url ?? '/',
      headers: request.headers,
    });
    await delays.wait(node.address);
    if (closing) return;
    await handleEdgeRequest(node, scheme, options, request, response);
  }

  const handlers: EdgeHandlers = {
    requests(index, scheme) {
      const node = nodes[index]!;
      return (request, response) => {
        serve(node, scheme, request, response).catch(() => abandon(response));
      };
    },
    connection(index, scheme, protocol) {
      connections.push({ address: nodes[index]!.address, scheme, protocol });
    },
  };
  const { httpPort, httpsPort, ...listening } = await listenEdges(addresses, handlers);

  function known(address: string): string {
    if (!addresses.includes(address)) throw new Error(`edge sandbox has no edge at ${address}`);
    return address;
  }

  let closed: Promise<void> | undefined;
  return {
    addresses,
    httpPort,
    httpsPort,
    ca: SANDBOX_CA,
    slow: (address, delay) => delays.slow(known(address), delay),
    reset: (address) => delays.reset(known(address)),
    requests,
    connections,
    close() {
      if (!closed) {
        closing = true;
        delays.close();
        closed = closeAll(listening);
      }
      return closed;
    },
  };
}
