import type { Socket } from 'node:net';
import { type buildConnector, Client, type Dispatcher, Pool } from 'undici';
import { urlHost } from '../util/host-port.ts';
import {
  type ConnectionSource,
  type ConnectionTarget,
  connectorFor,
  targetOrigin,
} from './connection-target.ts';

/**
 * Requests one HTTP/2 connection carries at once, within what servers commonly allow (nginx 128; undici assumes 100
 * until the server says). undici holds the rest until a stream ends.
 */
const H2_STREAMS = 100;

const CLOSED = 'the check is over: its connections are closed';

/** The connections of one check, shared by its requests; closed with the check. */
export interface CheckConnections extends ConnectionSource {
  /** Destroys every connection; one still being set up is dropped as soon as it is. */
  close(): Promise<void>;
}

/**
 * Hands out one dispatcher per connection key (scheme, address, port, SNI, trusted CAs). Over HTTPS the first
 * request to a key opens a connection offering h2 and http/1.1, and requests arriving meanwhile wait for the answer:
 * on h2 every request of the check becomes a stream of that one connection, so a check of many URLs costs one TLS
 * handshake per edge instead of one per request. Otherwise (HTTP/1.1, plain http, or that connection failed) a
 * keep-alive pool opens a connection per concurrent request and reuses it for the GET fallback and redirects.
 */
export function openCheckConnections(): CheckConnections {
  const entries = new Map<string, Promise<Dispatcher>>();
  const opened: Dispatcher[] = [];
  /** Negotiated sockets no dispatcher has taken yet: nothing else would close them. */
  const unclaimed = new Set<Socket>();
  const identities = new Map<unknown, number>();
  let closed = false;

  function keep<D extends Dispatcher>(dispatcher: D): D {
    opened.push(dispatcher);
    return dispatcher;
  }

  function identity(value: unknown): number {
    let id = identities.get(value);
    if (id === undefined) {
      id = identities.size;
      identities.set(value, id);
    }
    return id;
  }

  function keyOf(target: ConnectionTarget): string {
    const place = `${target.protocol}//${urlHost(target.address)}:${target.port} policy ${identity(target.policy)}`;
    if (target.protocol !== 'https:') return place;
    const trust =
      target.secureContext !== undefined
        ? `context ${identity(target.secureContext)}`
        : target.ca === undefined
          ? 'system'
          : `ca ${identity(target.ca)}`;
    return `${place} ${target.servername ?? ''} ${trust}`;
  }

  /** Gives `first` to the dispatcher's first connection attempt; later attempts (reconnections) use `connector`. */
  function handOver(first: Socket, connector: buildConnector.connector): buildConnector.connector {
    let waiting: Socket | undefined = first;
    unclaimed.add(first);
    return (options, callback) => {
      const socket = waiting;
      waiting = undefined;
      if (socket === undefined || socket.destroyed) {
        connector(options, callback);
        return;
      }
      unclaimed.delete(socket);
      // undici resumes its queue after its connect call returns; answering synchronously would strand the request.
      queueMicrotask(() => callback(null, socket));
    };
  }

  function h2Client(origin: string, socket: Socket, connector: buildConnector.connector): Client {
    const connect = handOver(socket, connector);
    const client: Client = new Client(origin, {
      pipelining: H2_STREAMS,
      connect: (options, callback) =>
        connect(options, (...result) => {
          // A reconnection may land on HTTP/1.1, where that many requests at once would be pipelined.
          const [, next] = result;
          if (next) client.pipelining = isH2(next) ? H2_STREAMS : 1;
          callback(...result);
        }),
    });
    return client;
  }

  function negotiate(target: ConnectionTarget): Promise<Dispatcher> {
    const origin = targetOrigin(target);
    const offerH2 = connectorFor(target, { allowH2: true });
    return new Promise((resolve, reject) => {
      offerH2(
        {
          hostname: target.address,
          host: `${urlHost(target.address)}:${target.port}`,
          protocol: target.protocol,
          port: String(target.port),
          ...(target.servername === undefined ? {} : { servername: target.servername }),
        },
        (error, socket) => {
          if (closed) {
            socket?.destroy();
            reject(new Error(CLOSED));
          } else if (error !== null) {
            // Each request then meets (and reports) the failure on a connection of its own, as it would alone.
            resolve(keep(new Pool(origin, { connect: connectorFor(target) })));
          } else if (isH2(socket)) {
            resolve(keep(h2Client(origin, socket, offerH2)));
          } else {
            resolve(keep(new Pool(origin, { connect: handOver(socket, connectorFor(target)) })));
          }
        },
      );
    });
  }

  function open(target: ConnectionTarget): Promise<Dispatcher> {
    if (target.protocol === 'https:') return negotiate(target);
    return new Promise((resolve) => {
      resolve(keep(new Pool(targetOrigin(target), { connect: connectorFor(target) })));
    });
  }

  return {
    dispatcherFor(target, signal) {
      if (closed) return Promise.reject(new Error(CLOSED));
      const key = keyOf(target);
      let ready = entries.get(key);
      if (ready === undefined) {
        ready = open(target);
        entries.set(key, ready);
      }
      return untilReady(ready, signal);
    },
    async close() {
      closed = true;
      for (const socket of unclaimed) socket.destroy();
      unclaimed.clear();
      // One reason for all: undici would make an error per connection, and Node formats each one's stack (source
      // mapped, under tsx) as it destroys the socket.
      const reason = new Error(CLOSED);
      await Promise.all(
        opened.splice(0).map((dispatcher) => dispatcher.destroy(reason).catch(() => undefined)),
      );
    },
  };
}

function isH2(socket: Socket): boolean {
  return 'alpnProtocol' in socket && socket.alpnProtocol === 'h2';
}

/** A request whose probe gave up stops waiting for the connection; the others go on waiting. */
function untilReady(ready: Promise<Dispatcher>, signal: AbortSignal): Promise<Dispatcher> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    ready.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
