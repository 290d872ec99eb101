import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerResponseUrl } from './answer-response-url.ts';
import { answerWebApi, json, type StandinReply } from './answer-web-api.ts';
import { readRequestBody } from './read-request-body.ts';
import { sendSignedToApp, slashCommandBody } from './send-to-app.ts';
import type { SlackStandin, SlackStandinOptions } from './slack-standin.ts';
import { createStandinState, type StandinState } from './standin-state.ts';
import { waitForStandin } from './wait-for-standin.ts';

/**
 * Starts the stand-in on 127.0.0.1 with a free port. Routes: `/api/<method>` (the Web API) and
 * `/response/<key>` (response_urls handed out by `responseUrl()`).
 */
export async function startSlackStandin(options: SlackStandinOptions): Promise<SlackStandin> {
  const state = createStandinState(options);
  const server = createServer((request, response) => {
    handle(state, request)
      .catch((error: unknown) => json(500, { ok: false, error: 'internal_error', detail: String(error) }))
      .then((reply) => send(response, reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // listen() on a host and port always yields an AddressInfo; the string form is for pipes only.
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const standin: SlackStandin = {
    apiUrl: `${origin}/api/`,
    calls: state.calls,
    messages: state.messages,
    responseUrl(key, urlOrigin = {}) {
      const chosen = key ?? state.nextId('r');
      if (!state.responseUrls.has(chosen)) {
        state.responseUrls.set(chosen, {
          key: chosen,
          uses: 0,
          origin: urlOrigin,
          messageTs: urlOrigin.messageTs,
        });
      }
      return `${origin}/response/${encodeURIComponent(chosen)}`;
    },
    onChange(listener) {
      state.listeners.add(listener);
      return () => {
        state.listeners.delete(listener);
      };
    },
    waitFor(predicate, waitOptions) {
      return waitForStandin(state, predicate, waitOptions);
    },
    failNext(method, error, failOptions = {}) {
      const queue = state.failures.get(method) ?? [];
      queue.push({ error, retryAfterSeconds: failOptions.retryAfterSeconds ?? 1 });
      state.failures.set(method, queue);
    },
    async sendCommand(appUrl, signingSecret, input) {
      const responseKey = state.nextId('r');
      const responseUrl = standin.responseUrl(responseKey, { channel: input.channelId, user: input.userId });
      if (input.channelName !== undefined) state.channelNames.set(input.channelId, input.channelName);
      const reply = await sendSignedToApp(appUrl, signingSecret, slashCommandBody({ ...input, responseUrl }));
      return { ...reply, responseKey };
    },
    close() {
      closing ??= closeServer(server, state);
      return closing;
    },
  };
  return standin;
}

/** Rejects pending waits, then stops the server; `close()` keeps the first promise so closing twice is safe. */
function closeServer(server: Server, state: StandinState): Promise<void> {
  for (const hook of [...state.closeHooks]) hook();
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // Keep-alive sockets from fetch would hold close() open until they time out.
  server.closeAllConnections();
  return closed;
}

async function handle(state: StandinState, request: IncomingMessage): Promise<StandinReply> {
  const path = new URL(request.url ?? '/', 'http://standin').pathname;
  const [, area, name] = path.split('/');
  if (area === undefined || name === undefined || name === '')
    return json(404, { ok: false, error: 'not_found' });

  let body: Record<string, unknown>;
  try {
    body = await readRequestBody(request);
  } catch {
    return area === 'response'
      ? { status: 400, headers: { 'content-type': 'text/plain' }, body: 'invalid_payload' }
      : json(200, { ok: false, error: 'invalid_json' });
  }
  if (area === 'api') return answerWebApi(state, name, body, request.headers.authorization);
  if (area === 'response') return answerResponseUrl(state, decodeURIComponent(name), body);
  return json(404, { ok: false, error: 'not_found' });
}

function send(response: ServerResponse, reply: StandinReply): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body);
}
