import type { ServerResponse } from 'node:http';

/**
 * Server-Sent Events to every open page: a bare "changed" nudge, after which the page reads its state again. A
 * burst of changes (a purge posts, edits and answers at once) is sent as one nudge.
 */
export interface EventStream {
  add(response: ServerResponse): void;
  changed(): void;
  close(): void;
}

export function createEventStream(): EventStream {
  const clients = new Set<ServerResponse>();
  let pending = false;
  let serial = 0;
  return {
    add(response) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // Tells EventSource how long to wait before reconnecting after the demo restarts.
      response.write('retry: 1000\n\n');
      clients.add(response);
      response.on('close', () => clients.delete(response));
    },
    changed() {
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        serial += 1;
        for (const client of clients) client.write(`event: changed\ndata: ${serial}\n\n`);
      });
    },
    close() {
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
