/** Starts check-world-process.ts in a child and speaks to it. */
import { fileURLToPath } from 'node:url';
import type { CheckWorldReply, CheckWorldSetup } from './check-world-protocol.ts';
import { forkWorld } from './fork-world.ts';

export interface CheckWorld {
  dnsServer: string;
  originPort: number;
  httpsPort: number;
  caPem: string;
  /** Delays every edge's answers by `delayMs` of real time. */
  slowEdges(delayMs: number): Promise<void>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./check-world-process.ts', import.meta.url));

export async function startCheckWorld(setup: CheckWorldSetup): Promise<CheckWorld> {
  const world = await forkWorld<Extract<CheckWorldReply, { type: 'ready' }>, CheckWorldReply>(ENTRY, setup);
  const { dnsServer, originPort, httpsPort, caPem } = world.ready;
  return {
    dnsServer,
    originPort,
    httpsPort,
    caPem,
    async slowEdges(delayMs) {
      await world.ask({ type: 'slow', delayMs });
    },
    close: () => world.close(),
  };
}
