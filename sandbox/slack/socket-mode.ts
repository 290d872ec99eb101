/**
 * Slack's Socket Mode, as the stand-in plays it: `apps.connections.open` (app-level `xapp-` token only) hands out a
 * one-time `ws://` URL; on connecting the app gets `hello`; each delivery is an envelope sent to one of the open
 * connections, and counts as acknowledged when the app sends back `{ envelope_id, payload? }`. The stand-in pings
 * every connection, as Slack does, so an app's server-ping watchdog stays quiet.
 *
 * Deliveries reach it through `sendSignedToApp`: an app URL from `socketModeAppUrl` routes the same bodies the HTTP
 * path would post (a slash command's form, an interaction's `payload` field, an event's JSON) into envelopes, so
 * every helper that clicks, submits or opens Home works over Socket Mode unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketDelivery {
  /** Whatever the app put in the ack's `payload` (a view_submission's `response_action`, say); '' when none. */
  body: string;
}

export interface SocketModeEndpoint {
  /** The `apps.connections.open` answer for a valid app token. */
  openConnection(): { url: string };
  /** Connections the app holds open now. */
  connections(): number;
  /** Sends one envelope to an open connection and resolves with the app's acknowledgement. */
  deliver(type: EnvelopeType, payload: unknown): Promise<SocketDelivery>;
  close(): void;
}

const PING_EVERY_MS = 10_000;
/** Longer than anything a test waits for, so an app that never acks fails the test rather than hanging it. */
const ACK_BOUND_MS = 15_000;

interface PendingAck {
  resolve(delivery: SocketDelivery): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function createSocketModeEndpoint(server: Server, origin: string): SocketModeEndpoint {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open: WebSocket[] = [];
  const pending = new Map<string, PendingAck>();
  let next = 0;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', origin);
    const ticket = url.searchParams.get('ticket') ?? '';
    // A ticket is good for one connection, as Slack's are.
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  };
  server.on('upgrade', onUpgrade);

  function accept(ws: WebSocket) {
    open.push(ws);
    const pinger = setInterval(() => ws.ping(), PING_EVERY_MS).unref();
    ws.on('message', (data) => acknowledge(String(data)));
    ws.on('close', () => {
      clearInterval(pinger);
      open.splice(open.indexOf(ws), 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.length,
        debug_info: { host: 'standin', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0001' },
      }),
    );
  }

  function acknowledge(text: string) {
    let ack: { envelope_id?: unknown; payload?: unknown };
    try {
      ack = JSON.parse(text) as typeof ack;
    } catch {
      return;
    }
    if (typeof ack.envelope_id !== 'string') return;
    const waiting = pending.get(ack.envelope_id);
    if (waiting === undefined) return;
    pending.delete(ack.envelope_id);
    clearTimeout(waiting.timer);
    waiting.resolve({ body: ack.payload === undefined ? '' : JSON.stringify(ack.payload) });
  }

  return {
    openConnection() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return { url: `${origin.replace(/^http/, 'ws')}/link/?ticket=${ticket}` };
    },
    connections: () => open.length,
    deliver(type, payload) {
      // Slack sends each payload to any one of the app's connections.
      const ws = open[next++ % Math.max(1, open.length)];
      if (ws === undefined) return Promise.reject(new Error('socket mode: the app has no open connection'));
      const envelopeId = randomUUID();
      return new Promise<SocketDelivery>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`socket mode: no ack for ${type} envelope within ${ACK_BOUND_MS} ms`));
        }, ACK_BOUND_MS);
        pending.set(envelopeId, { resolve, reject, timer });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            retry_attempt: 0,
            retry_reason: '',
          }),
        );
      });
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error('socket mode: the stand-in closed'));
        pending.delete(id);
      }
      for (const ws of [...open]) ws.terminate();
      wss.close();
    },
  };
}

/** App URLs (`socket-mode://…`) whose deliveries go over a stand-in's Socket Mode connections. */
const socketApps = new Map<string, SocketModeEndpoint>();

export function routeSocketApp(appUrl: string, endpoint: SocketModeEndpoint): () => void {
  socketApps.set(appUrl, endpoint);
  return () => socketApps.delete(appUrl);
}

export function socketAppAt(appUrl: string): SocketModeEndpoint | undefined {
  return socketApps.get(appUrl);
}

/**
 * The envelope for a body the HTTP path would post: a form with `payload` is an interaction, any other form a
 * slash command, JSON an Events API callback.
 */
export function envelopeFor(rawBody: string, contentType: string): { type: EnvelopeType; payload: unknown } {
  if (contentType.includes('application/json')) return { type: 'events_api', payload: JSON.parse(rawBody) };
  const form = new URLSearchParams(rawBody);
  const interaction = form.get('payload');
  if (interaction !== null) return { type: 'interactive', payload: JSON.parse(interaction) };
  return { type: 'slash_commands', payload: Object.fromEntries(form) };
}
