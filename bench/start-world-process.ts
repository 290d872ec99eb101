/**
 * Starts world-process.ts in a child and speaks to it: fresh response_urls, waiting for the bot's answers, and the
 * calls the Tencent sandbox received.
 */
import { fileURLToPath } from 'node:url';
import { forkWorld } from './fork-world.ts';
import type { WorldCall, WorldReply, WorldSetup } from './world-protocol.ts';

export interface WorldProcess {
  config: Record<string, unknown>;
  slackApiUrl: string;
  responseUrls(count: number): Promise<string[]>;
  /** Resolves once the stand-in has received `count` response_url answers in all. */
  waitAnswered(count: number, timeoutMs: number): Promise<void>;
  /** The calls the Tencent sandbox has received, from the `since`-th on. */
  tencentCalls(since?: number): Promise<WorldCall[]>;
  /** The world process's CPU time so far (user and system), in ms. */
  cpuMs(): Promise<number>;
  /** A full garbage collection in the world process (see collect-garbage.ts). */
  collectGarbage(): Promise<void>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./world-process.ts', import.meta.url));

export async function startWorldProcess(setup: WorldSetup): Promise<WorldProcess> {
  const world = await forkWorld<Extract<WorldReply, { type: 'ready' }>, WorldReply>(ENTRY, setup);
  const { config, slackApiUrl } = world.ready;
  return {
    config,
    slackApiUrl,
    async responseUrls(count) {
      const reply = await world.ask({ type: 'responseUrls', count });
      return reply.type === 'responseUrls' ? reply.urls : [];
    },
    async waitAnswered(count, timeoutMs) {
      const reply = await world.ask({ type: 'waitAnswered', count, timeoutMs });
      if (reply.type === 'answered' && reply.error) throw new Error(reply.error);
    },
    async tencentCalls(since = 0) {
      const reply = await world.ask({ type: 'tencentCalls', since });
      return reply.type === 'tencentCalls' ? reply.calls : [];
    },
    async collectGarbage() {
      await world.ask({ type: 'collectGarbage' });
    },
    async cpuMs() {
      const reply = await world.ask({ type: 'cpu' });
      return reply.type === 'cpu' ? reply.ms : Number.NaN;
    },
    close: () => world.close(),
  };
}
