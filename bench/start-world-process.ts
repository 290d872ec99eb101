/** Starts world-process.ts in a child and speaks to it: fresh response_urls, and waiting for the bot's answers. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorldReply, WorldRequest, WorldSetup } from './world-protocol.ts';

export interface WorldProcess {
  config: Record<string, unknown>;
  slackApiUrl: string;
  responseUrls(count: number): Promise<string[]>;
  /** Resolves once the stand-in has received `count` response_url answers in all. */
  waitAnswered(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A request without its id (Omit over each member of the union, not over their shared keys). */
type WorldRequestBody = WorldRequest extends infer R
  ? R extends WorldRequest
    ? Omit<R, 'id'>
    : never
  : never;

const ENTRY = fileURLToPath(new URL('./world-process.ts', import.meta.url));

export async function startWorldProcess(setup: WorldSetup): Promise<WorldProcess> {
  const child: ChildProcess = fork(ENTRY, [JSON.stringify(setup)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (reply: WorldReply) => void>();
  let nextId = 1;
  const ready = new Promise<Extract<WorldReply, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench world process exited with ${code}`)));
    child.on('message', (reply: WorldReply) => {
      if (reply.type === 'ready') resolve(reply);
      else waiting.get(reply.id)?.(reply);
    });
  });
  function ask<T extends WorldReply>(request: WorldRequestBody): Promise<T> {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, (reply) => {
        waiting.delete(id);
        resolve(reply as T);
      });
      child.send({ ...request, id });
    });
  }
  const { config, slackApiUrl } = await ready;
  return {
    config,
    slackApiUrl,
    async responseUrls(count) {
      return (await ask<Extract<WorldReply, { type: 'responseUrls' }>>({ type: 'responseUrls', count })).urls;
    },
    async waitAnswered(count, timeoutMs) {
      const reply = await ask<Extract<WorldReply, { type: 'answered' }>>({
        type: 'waitAnswered',
        count,
        timeoutMs,
      });
      if (reply.error) throw new Error(reply.error);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close', id: 0 });
      await exited;
    },
  };
}
