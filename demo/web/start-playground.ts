/**
 * The web playground's server, on 127.0.0.1: the page's files, what a person sees (`GET /api/state`), live nudges
 * (`GET /api/events`, Server-Sent Events from the stand-in's onChange), and the page's actions (`POST /api/<name>`),
 * which go into the app through the Slack stand-in as signed requests, the way the tests send them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createEventStream } from './event-stream.ts';
import { PAGE_ACTIONS, PageError } from './page-actions.ts';
import { StateQuery } from './page-requests.ts';
import { pageSnapshot } from './page-snapshot.ts';
import type { PlaygroundWorld } from './playground-world.ts';
import { loadStaticAssets } from './static-assets.ts';
import { createTypedCommands } from './typed-commands.ts';

export type { PlaygroundWorld } from './playground-world.ts';

export interface Playground {
  url: string;
  close(): Promise<void>;
}

/** Far more than any form or command the page sends. */
const MAX_BODY_BYTES = 256 * 1024;

interface Reply {
  status: number;
  body: unknown;
}

export async function startPlayground(world: PlaygroundWorld & { port: number }): Promise<Playground> {
  const assets = loadStaticAssets();
  const events = createEventStream();
  const context = { ...world, typed: createTypedCommands() };
  const unsubscribe = world.demo.slack.onChange(() => events.changed());
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const reply =
        error instanceof PageError
          ? { status: error.status, body: { ok: false, error: error.message } }
          : { status: 500, body: { ok: false, error: String(error) } };
      if (!response.headersSent) sendJson(response, reply);
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Another site's page could otherwise reach this server through a DNS name that points at 127.0.0.1.
    const host = request.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      sendJson(response, { status: 403, body: { ok: false, error: 'unexpected Host' } });
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'GET' && url.pathname === '/api/events') {
      events.add(response);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/api/state') {
      const query = parse(StateQuery, Object.fromEntries(url.searchParams));
      sendJson(response, { status: 200, body: pageSnapshot(context, world.demo.slack, query.as, query.in) });
      return;
    }
    const pageAction = url.pathname.startsWith('/api/') ? PAGE_ACTIONS[url.pathname.slice(5)] : undefined;
    if (request.method === 'POST' && pageAction !== undefined) {
      // A JSON content type cannot be sent cross-site without a preflight this server never answers.
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new PageError(415, 'send JSON');
      }
      const body = parse(pageAction.schema, await readJson(request));
      const result = await pageAction.run(context, body);
      events.changed();
      sendJson(response, { status: 200, body: { ok: true, ...result } });
      return;
    }
    const asset = request.method === 'GET' ? assets.get(url.pathname) : undefined;
    if (asset !== undefined) {
      response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
      response.end(asset.body);
      return;
    }
    sendJson(response, { status: 404, body: { ok: false, error: 'not found' } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(world.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    close: () => {
      unsubscribe();
      events.close();
      return closeServer(server);
    },
  };
}

function parse<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new PageError(400, z.prettifyError(parsed.error));
  return parsed.data;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PageError(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new PageError(400, 'the body is not JSON');
  }
}

function sendJson(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(reply.body));
}

function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // The event streams stay open until told otherwise.
  server.closeAllConnections();
  return closed;
}
