/**
 * A bench "world" (sandboxes standing in for other machines) in a child process of its own, spoken to over IPC:
 * the child sends `{ type: 'ready', ... }` once, then answers each request with a reply carrying the request's id.
 */
import { fork } from 'node:child_process';

export interface ForkedWorld<Ready, Reply> {
  ready: Ready;
  /** Sends `request` with a fresh id; resolves with the child's reply to it. */
  ask(request: Record<string, unknown>): Promise<Reply>;
  /** Asks the child to close its servers and waits for it to exit. */
  close(): Promise<void>;
}

export async function forkWorld<Ready, Reply extends { type: string; id: number }>(
  entry: string,
  setup: unknown,
): Promise<ForkedWorld<Ready, Reply>> {
  const child = fork(entry, [JSON.stringify(setup)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench world ${entry} exited with ${code}`)));
    child.on('message', (reply: Reply) => {
      if (reply.type === 'ready') resolve(reply as unknown as Ready);
      else waiting.get(reply.id)?.(reply);
    });
  });
  return {
    ready,
    ask(request) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, (reply) => {
          waiting.delete(id);
          resolve(reply);
        });
        child.send({ ...request, id });
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
