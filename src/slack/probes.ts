/**
 * The probes: `GET /healthz` (PRODUCT.md's contract: the process is alive, 200 `{"ok":true}`), `GET /readyz` (Slack connection up and store reachable, else 503 saying which is not) and
 * `GET /metrics` (Prometheus text). HTTP mode serves them beside `/slack/events` when HEALTH_PORT is the HTTP port
 * (the default); otherwise, and in Socket Mode, a small server of their own does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoreHealth } from './store-health.ts';

export type ProbeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Why Slack cannot deliver to this process right now; undefined while it can. */
export type SlackReadiness = () => string | undefined;

export interface Probes {
  healthz: ProbeHandler;
  readyz: ProbeHandler;
  metrics: ProbeHandler;
}

export function createProbes(deps: {
  storeHealth: StoreHealth;
  slackReadiness: SlackReadiness;
  metrics: Metrics | undefined;
  logger: Logger;
}): Probes {
  const { storeHealth, logger } = deps;
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  return {
    // Liveness only: a store outage must not get every replica restarted at once (the store comes back on its own,
    // see README "The database goes away"); /readyz is what takes a replica out of rotation.
    healthz(_request, response) {
      answer(response, 200, { ok: true });
    },
    readyz(_request, response) {
      const slack = deps.slackReadiness();
      void storeHealth()
        .then((storeOk) => {
          const reasons = [
            ...(slack ? [slack] : []),
            ...(storeOk ? [] : ['the store cannot be reached (no answer to a ping within 1 s)']),
          ];
          answer(
            response,
            reasons.length === 0 ? 200 : 503,
            reasons.length === 0
              ? { ok: true, slack: 'connected', store: 'ok' }
              : {
                  ok: false,
                  slack: slack ? 'down' : 'connected',
                  store: storeOk ? 'ok' : 'unavailable',
                  reasons,
                },
          );
        })
        .catch((error: unknown) => logger.warn('could not answer a readiness check', { error }));
    },
    metrics(_request, response) {
      const registry = deps.metrics?.registry;
      if (!registry) {
        answer(response, 404, { ok: false, error: 'metrics are off' });
        return;
      }
      void registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
          response.end(text);
        })
        .catch((error: unknown) => {
          logger.warn('could not collect metrics', { error });
          if (!response.headersSent)
            answer(response, 500, { ok: false, error: 'metrics could not be collected' });
        });
    },
  };
}

/** A server for the probes alone, on HEALTH_PORT; resolves with the port bound. Answers 404 to anything else. */
export async function startProbeServer(
  probes: Probes,
  port: number,
  host?: string,
): Promise<{ server: Server; port: number }> {
  const routes: Record<string, ProbeHandler> = {
    '/healthz': probes.healthz,
    '/readyz': probes.readyz,
    '/metrics': probes.metrics,
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://probe').pathname;
    const route = routes[path];
    if (request.method !== 'GET' || !route) {
      response.writeHead(request.method === 'GET' ? 404 : 405, { 'content-type': 'text/plain' }).end();
      return;
    }
    route(request, response);
  });
  // Keep-alive connections from a prober must not hold a shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
