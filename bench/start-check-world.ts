/** Starts check-world-process.ts in a child and speaks to it. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckWorldReply, CheckWorldSetup } from './check-world-protocol.ts';

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
  const child: ChildProcess = fork(ENTRY, [JSON.stringify(setup)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  const ready = new Promise<Extract<CheckWorldReply, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`check world process exited with ${code}`)));
    child.on('message', (reply: CheckWorldReply) => {
      if (reply.type === 'ready') resolve(reply);
      else waiting.get(reply.id)?.();
    });
  });
  const { dnsServer, originPort, httpsPort, caPem } = await ready;
  return {
    dnsServer,
    originPort,
    httpsPort,
    caPem,
    slowEdges(delayMs) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, () => {
          waiting.delete(id);
          resolve();
        });
        child.send({ type: 'slow', id, delayMs });
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close', id: 0 });
      await exited;
    },
  };
}
