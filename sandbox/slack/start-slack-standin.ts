import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerResponseUrl } from './answer-response-url.ts';
import { answerWebApi, json, type StandinReply } from './answer-web-api.ts';
import { appHomeOpenedBody } from './app-home-event.ts';
import { messageActionBody, viewActionBody } from './block-action-body.ts';
import { readRequestBody } from './read-request-body.ts';
import { sendSignedToApp, slashCommandBody } from './send-to-app.ts';
import type { SlackStandin, SlackStandinOptions } from './slack-standin.ts';
import { createSocketModeEndpoint, routeSocketApp, type SocketModeEndpoint } from './socket-mode.ts';
import { createStandinState, type StandinState } from './standin-state.ts';
import { type AppLink, closeView, submitView, suggestOptions } from './view-interactions.ts';
import { modalsOf } from './view-surfaces.ts';
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
  const socketModeAppUrl = `socket-mode://127.0.0.1:${port}`;
  let socketMode: SocketModeEndpoint | undefined;
  let unroute = () => {};
  if (options.appToken !== undefined) {
    socketMode = createSocketModeEndpoint(server, origin);
    state.socketMode = socketMode;
    unroute = routeSocketApp(socketModeAppUrl, socketMode);
  }

  let closing: Promise<void> | undefined;
  const link = (appUrl: string, signingSecret: string): AppLink => ({
    appUrl,
    signingSecret,
    triggerId: (triggerOrigin) => standin.triggerId(triggerOrigin),
  });
  const standin: SlackStandin = {
    apiUrl: `${origin}/api/`,
    socketModeAppUrl,
    socketConnections: () => socketMode?.connections() ?? 0,
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
      const triggerId =
        input.triggerId ?? standin.triggerId({ user: input.userId, channel: input.channelId });
      const reply = await sendSignedToApp(
        appUrl,
        signingSecret,
        slashCommandBody({ ...input, text: escapeAsSlackDoes(input.text, state), responseUrl, triggerId }),
      );
      return { ...reply, responseKey };
    },
    knowChannel(channelId, name) {
      state.channelNames.set(channelId, name);
    },
    knowUser(userId, handle) {
      state.userHandles.set(userId, handle);
    },
    triggerId(triggerOrigin) {
      // Slack's look like `<seconds>.<team>.<hex>`; what matters here is that each is new and names its user.
      const id = `${Math.floor(state.now() / 1000)}.${state.nextId('')}.standintrigger`;
      state.triggers.set(id, triggerOrigin);
      return id;
    },
    modals: (userId) => modalsOf(state, userId),
    home(userId) {
      const id = state.homes.get(userId);
      return id === undefined ? undefined : state.views.get(id);
    },
    async sendAction(appUrl, signingSecret, input) {
      const body =
        'message' in input.on
          ? messageActionBody(standin, { ...input, message: input.on.message })
          : viewActionBody(state, standin, { ...input, viewId: input.on.viewId });
      const { status, body: answer } = await sendSignedToApp(appUrl, signingSecret, body);
      return { status, body: answer };
    },
    submitView: (appUrl, signingSecret, input) => submitView(state, link(appUrl, signingSecret), input),
    closeView: (appUrl, signingSecret, input) => closeView(state, link(appUrl, signingSecret), input),
    suggestOptions: (appUrl, signingSecret, input) =>
      suggestOptions(state, link(appUrl, signingSecret), input),
    async openHome(appUrl, signingSecret, userId) {
      const { status } = await sendSignedToApp(appUrl, signingSecret, appHomeOpenedBody(state, userId), {
        headers: { 'content-type': 'application/json' },
      });
      return { status };
    },
    close() {
      if (closing === undefined) {
        unroute();
        socketMode?.close();
      }
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

/** What Slack calls `@channel`-style mentions in escaped text. */
const SPECIAL_MENTIONS: ReadonlySet<string> = new Set(['channel', 'here', 'everyone']);

/**
 * A slash command's text as Slack delivers it with `should_escape: true`: `#name` of a channel it knows becomes
 * `<#C…|name>`, `@name` of a person `<@U…|name>`, `@channel`/`@here`/`@everyone` `<!channel>`…; names it does not know
 * stay as typed.
 */
function escapeAsSlackDoes(text: string, state: StandinState): string {
  const channelIds = new Map([...state.channelNames].map(([id, name]) => [name, id]));
  const userIds = new Map([...state.userHandles].map(([id, handle]) => [handle, id]));
  return text.replace(/(^|\s)([#@])([\w.-]+)/g, (whole, space: string, sigil: string, name: string) => {
    if (sigil === '#') {
      const id = channelIds.get(name);
      return id ? `${space}<#${id}|${name}>` : whole;
    }
    if (SPECIAL_MENTIONS.has(name)) return `${space}<!${name}>`;
    const id = userIds.get(name);
    return id ? `${space}<@${id}|${name}>` : whole;
  });
}
