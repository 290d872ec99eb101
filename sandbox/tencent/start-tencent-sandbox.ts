import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTurns } from '../../src/util/one-per-turn.ts';
import { settleDomainChanges } from './domain-transition.ts';
import { handleLogDownload } from './handle-log-download.ts';
import { handleRequest } from './handle-request.ts';
import { lastPurgeDoneAt } from './last-purge-done.ts';
import type { SandboxReply } from './sandbox-reply.ts';
import { jsonText } from './serialized-json.ts';
import { createSandboxState, type SandboxState } from './state.ts';
import { taskEndsAt } from './task-status.ts';
import type { DomainState, SandboxCall, TencentSandbox, TencentSandboxOptions } from './types.ts';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: SandboxReply): number {
  switch (reply.kind) {
    case 'reset':
      response.socket?.destroy();
      return 0;
    case 'raw':
      response.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.text);
      return reply.status;
    case 'truncated': {
      const length = String(reply.body.length);
      response.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': length });
      response.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () =>
        response.socket?.destroy(),
      );
      return reply.status;
    }
    case 'json':
      response.writeHead(200, { 'content-type': 'application/json' }).end(jsonText(reply.body));
      return 200;
  }
}

function findDomain(state: SandboxState, name: string): DomainState {
  const wanted = name.toLowerCase();
  for (const account of state.accounts.values()) {
    settleDomainChanges(account, state.clock.now());
    const domain = account.domains.find((d) => d.domain === wanted);
    if (domain) return domain;
  }
  throw new Error(`sandbox has no domain ${name}`);
}

/**
 * Starts a local Tencent Cloud API 3.0 (CDN 2018-06-06 and SSL Certificate 2019-12-05, see services.ts) server on 127.0.0.1 and a free port. It checks TC3
 * signatures against the accounts given, keeps per-account domains, tasks and daily quotas on `options.clock`, and
 * records every call. Faults pushed on `faults` apply, after authentication, to the next matching calls.
 */
export async function startTencentSandbox(options: TencentSandboxOptions): Promise<TencentSandbox> {
  const state = createSandboxState(options);
  const calls: SandboxCall[] = [];
  const timers = new Set<NodeJS.Timeout>();

  /** Runs `answer` after `delayMs` of real time (a `slow` fault exists to make a client's HTTP timeout fire). */
  function after(delayMs: number, answer: () => void): void {
    if (delayMs <= 0) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, delayMs);
    timers.add(timer);
  }

  /**
   * Requests are worked on one per event-loop turn, in the order they arrived. Worked on as they are read, a burst
   * of 40 statistics calls would all be computed in one turn before any answer's timer could fire, so the first
   * answer would wait for the last computation: a server that answers nothing until everything is done, which no
   * real one is. One at a time, an answer leaves as soon as its own latency has passed.
   */
  const inTurn = createTurns();

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const requestId = randomUUID();
    if (request.method === 'GET' && request.url?.startsWith('/logs/')) {
      const download = handleLogDownload(state, request.url, requestId, state.clock.now());
      after(download.delayMs, () => send(response, download.reply));
      return;
    }
    // Counted (and throttled) when it arrived, as Tencent does; its latency runs from then too.
    const at = state.clock.now();
    const arrived = performance.now();
    await inTurn();
    const handled = handleRequest(
      state,
      { method: request.method ?? 'GET', headers: request.headers, body },
      requestId,
      at,
    );
    const call: SandboxCall = {
      action: handled.action,
      secretId: handled.secretId,
      params: handled.params,
      requestId,
      errorCode: handled.reply.kind === 'json' ? handled.reply.errorCode : undefined,
      httpStatus: 0,
      at,
    };
    calls.push(call);
    const { reply } = handled;
    after(reply.kind === 'json' ? reply.delayMs - (performance.now() - arrived) : 0, () => {
      call.httpStatus = send(response, reply);
    });
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
  state.url = `http://127.0.0.1:${port}`;

  return {
    url: state.url,
    calls,
    faults: state.faults,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
    domain: (name) => findDomain(state, name),
    failUrl(url) {
      state.failedUrls.add(url);
    },
    finishAllTasks() {
      const now = state.clock.now();
      for (const account of state.accounts.values()) {
        for (const task of account.tasks) {
          if (taskEndsAt(task, state) > now) task.finishedAt = now;
        }
      }
    },
    lastPurgeDoneAt: (url) => lastPurgeDoneAt(state, url, state.clock.now()),
    startIncident(domain, incident) {
      const name = domain.toLowerCase();
      state.incidents.set(name, [...(state.incidents.get(name) ?? []), { ...incident }]);
    },
    endIncident(domain, at) {
      for (const incident of state.incidents.get(domain.toLowerCase()) ?? []) {
        if (incident.until === undefined) incident.until = at;
      }
    },
  };
}
