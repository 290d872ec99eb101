import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestEndsAt, settleAsyncRequests } from './async-requests.ts';
import { maxInWindow } from './budget.ts';
import { itemEndsAt } from './content-items.ts';
import { findDomain } from './find-domain.ts';
import { handleLogDownload } from './handle-log-download.ts';
import { handleRequest } from './handle-request.ts';
import { endIncident, startIncident } from './incidents.ts';
import { lastPurgeDoneAt } from './last-purge-done.ts';
import type { WangsuReply } from './sandbox-reply.ts';
import { createSandboxState, findAccount, type SandboxState } from './state.ts';
import type { WangsuCall, WangsuDomainState, WangsuSandbox, WangsuSandboxOptions } from './types.ts';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: WangsuReply, requestId: string): number {
  switch (reply.kind) {
    case 'reset':
      response.socket?.destroy();
      return 0;
    case 'raw':
      response
        .writeHead(reply.status, { 'content-type': reply.contentType, 'x-cnc-request-id': requestId })
        .end(reply.text);
      return reply.status;
    case 'json':
      response
        .writeHead(reply.status, {
          ...reply.headers,
          'content-type': 'application/json;charset=utf-8',
          'x-cnc-request-id': requestId,
        })
        .end(JSON.stringify(reply.body));
      return reply.status;
  }
}

/** A domain of any account, after finishing what the clock says has finished. */
function liveDomain(state: SandboxState, nameOrId: string): WangsuDomainState {
  settleAsyncRequests(state, state.clock.now());
  for (const account of state.accounts) {
    const domain = findDomain(account, nameOrId);
    if (domain) return domain;
  }
  throw new Error(`Wangsu sandbox has no domain ${nameOrId}`);
}

/**
 * Starts a local Wangsu Open API server (classic `/api/*`, report `/api/report/*` and content `/ccm/*` endpoints,
 * plus the log files the report links point to) on 127.0.0.1 and a free port. It checks Basic and AK/SK auth
 * against the accounts given, keeps per-account domains, configs, async requests, purge/prefetch items, daily
 * quotas and a request budget on `options.clock`, and records every call. Traffic figures and log files come from
 * the deterministic model of the Tencent sandbox (a pure function of domain and minute).
 * Faults pushed on `faults` apply, after authentication and the budget, to the next matching calls.
 */
export async function startWangsuSandbox(options: WangsuSandboxOptions): Promise<WangsuSandbox> {
  const state = createSandboxState(options);
  const calls: WangsuCall[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const requestId = randomUUID();
    if (request.method === 'GET' && request.url?.startsWith('/logs/')) {
      // Log downloads are pre-signed links, not API calls: not authenticated, budgeted or recorded.
      send(response, handleLogDownload(state, request.url, state.clock.now()), requestId);
      return;
    }
    const at = state.clock.now();
    const handled = handleRequest(
      state,
      { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body },
      { requestId, nowMs: at, baseUrl },
    );
    const call: WangsuCall = {
      method: request.method ?? 'GET',
      path: handled.path,
      query: handled.query,
      account: handled.account,
      authScheme: handled.authScheme,
      body: handled.body,
      status: 0,
      requestId,
      at,
    };
    calls.push(call);
    const { reply } = handled;
    if (reply.kind === 'json' && reply.delayMs > 0) {
      // Real time on purpose: this fault exists to make a client's HTTP timeout fire.
      const timer = setTimeout(() => {
        timers.delete(timer);
        call.status = send(response, reply, requestId);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    call.status = send(response, reply, requestId);
  }

  const server = createServer((request, response) => {
    // Only reading the body can reject (the client went away), so there is nobody left to answer.
    serve(request, response).catch(() => response.socket?.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Listening on TCP, so address() is an AddressInfo rather than a pipe name.
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    calls,
    faults: state.faults,
    domain: (nameOrId) => liveDomain(state, nameOrId),
    visitControl: (nameOrId) => liveDomain(state, nameOrId).visitControlRules,
    cacheTime: (nameOrId) => liveDomain(state, nameOrId).cacheTimeBehaviors,
    failNextDeploy(domain) {
      state.failNextDeploy.add(domain.toLowerCase());
    },
    failUrl(url) {
      state.failedUrls.add(url);
    },
    finishAll() {
      const now = state.clock.now();
      for (const account of state.accounts) {
        for (const request of account.requests) {
          if (requestEndsAt(request, state) > now) request.finishedAt = now;
        }
        for (const item of account.items) {
          if (itemEndsAt(item, state) > now) item.finishedAt = now;
        }
      }
      settleAsyncRequests(state, now);
    },
    maxRequestsInWindow(name) {
      const account = findAccount(state, name);
      if (!account) throw new Error(`Wangsu sandbox has no account ${name}`);
      return maxInWindow(account.accepted, state.budget.windowMs);
    },
    lastPurgeDoneAt: (url) => lastPurgeDoneAt(state, url, state.clock.now()),
    startIncident: (domain, incident) => startIncident(state, domain, incident),
    endIncident: (domain, at) => endIncident(state, domain, at),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
