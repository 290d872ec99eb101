/**
 * The check bench's outside world (DNS, origin and edge sandboxes) as a process of its own. Edges are other machines:
 * in the bot's process, the edges' half of every TLS handshake would be counted as the check's own time. Driven over
 * IPC by `start-check-world.ts`.
 */

import { startDnsSandbox } from '../sandbox/dns/index.ts';
import { SANDBOX_CA, startEdgeSandbox } from '../sandbox/edge/index.ts';
import { startOriginSandbox } from '../sandbox/origin/index.ts';
import { systemClock } from '../src/clock.ts';
import type { CheckWorldReply, CheckWorldRequest, CheckWorldSetup } from './check-world-protocol.ts';

const setup = JSON.parse(process.argv[2] ?? '{}') as CheckWorldSetup;
const dns = await startDnsSandbox();
const origin = await startOriginSandbox({ clock: systemClock });
const edges = await startEdgeSandbox({
  clock: systemClock,
  origin: (host) => (host === setup.domain ? { url: origin.url, hostHeader: setup.domain } : undefined),
});
dns.setRecord(`${setup.domain}.cdn.dnsv1.com`, { a: edges.addresses });
dns.setRecord(setup.originName, { a: ['127.0.0.1'] });
for (const path of setup.paths) origin.setFile(setup.domain, path, { body: `file ${path}` });

function reply(message: CheckWorldReply): void {
  process.send?.(message);
}

process.on('message', (request: CheckWorldRequest) => {
  switch (request.type) {
    case 'slow':
      for (const address of edges.addresses) edges.slow(address, request.delayMs);
      reply({ type: 'slowed', id: request.id });
      break;
    case 'close':
      void Promise.all([dns.close(), origin.close(), edges.close()]).then(() => process.exit(0));
      break;
  }
});
reply({
  type: 'ready',
  id: 0,
  dnsServer: dns.server,
  originPort: origin.port,
  httpsPort: edges.httpsPort,
  caPem: SANDBOX_CA,
});
