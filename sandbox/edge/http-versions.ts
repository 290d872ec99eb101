import { constants } from 'node:http2';
import type { EdgeIncoming, EdgeOutgoing } from './listen-edges.ts';

/** The host asked for: HTTP/2 carries it as `:authority`, and a client need not send a Host header as well. */
export function requestHost(request: EdgeIncoming): string | undefined {
  const authority = request.headers[':authority'];
  return typeof authority === 'string' ? authority : request.headers.host;
}

/**
 * Gives up on an answer that failed half-way. Over HTTP/2 only its stream is reset: the connection carries other
 * requests too. Over HTTP/1.1 the connection goes, the only way to tell the client.
 */
export function abandon(response: EdgeOutgoing): void {
  if ('stream' in response) response.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
  else response.socket?.destroy();
}
