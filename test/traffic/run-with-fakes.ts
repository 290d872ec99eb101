/**
 * Runs `/cdn` commands through the real pipeline (runCommand) with fake providers in place of the configured
 * ones: for what the sandboxes cannot show, such as a second provider that lacks an operation.
 */

import { createManualClock, type ManualClock } from '../../sandbox/manual-clock.ts';
import { checkBlocks } from '../../sandbox/slack/check-blocks.ts';
import { buildServices } from '../../src/app/build-services.ts';
import { LOCAL_CHANNEL, LOCAL_USER, localGuardrails } from '../../src/auth/local-guardrails.ts';
import { Config } from '../../src/config/schema.ts';
import { runCommand } from '../../src/dispatch/run-command.ts';
import { tokenize } from '../../src/dispatch/tokenize.ts';
import { createLogger } from '../../src/logger.ts';
import type { Reply } from '../../src/messaging/message.ts';
import { createDomainInventory } from '../../src/providers/domain-inventory.ts';
import type { CdnProvider } from '../../src/providers/types.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';

export interface FakeRun {
  clock: ManualClock;
  /** Runs `/cdn <text>`; resolves the reply and the Block Kit problems Slack would refuse it for. */
  send(text: string): Promise<{ reply: Reply; ok: boolean; problems: string[] }>;
  close(): Promise<void>;
}

export function runWithFakes(providers: readonly CdnProvider[]): FakeRun {
  const clock = createManualClock();
  const config = Config.parse({
    timezone: 'Asia/Shanghai',
    store: ':memory:',
    providers: {
      unused: {
        kind: 'tencent',
        secretId: 'AKIDunused',
        secretKey: 'unused',
        endpoint: 'http://127.0.0.1:9',
      },
    },
    channels: { C0TRAFFIC01: { role: 'viewer' } },
  });
  const store = openSqliteStore(':memory:');
  const services = buildServices({
    config,
    store,
    messenger: {
      post: async () => ({ channel: LOCAL_CHANNEL, ts: '1' }),
      update: async () => {},
      editOnce: async () => {},
      postOnce: async () => ({ channel: LOCAL_CHANNEL, ts: '2' }),
      replace: async () => {},
    },
    groupMembers: async () => [],
    clock,
    logger: createLogger({ level: 'silent', secrets: [] }),
  });
  const byId = new Map(providers.map((provider) => [provider.accountId, provider]));
  services.providers = byId;
  services.inventory = createDomainInventory({ providers: byId, clock, ttlMs: 60_000 });
  services.guardrails = localGuardrails([...byId.keys()]);
  return {
    clock,
    async send(text) {
      const replies: Reply[] = [];
      const ok = await runCommand(
        { text, tokens: tokenize(text), userId: LOCAL_USER, channelId: LOCAL_CHANNEL },
        services,
        async (reply) => {
          replies.push(reply);
        },
      );
      const reply = replies.at(-1)!;
      return { reply, ok, problems: checkBlocks(reply.blocks ?? []) };
    },
    async close() {
      await store.close();
    },
  };
}

/** What a person reads in a reply: every text in its blocks, in order. */
export function readable(reply: Reply): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(reply.blocks ?? []);
  return texts.length > 0 ? texts.join('\n') : reply.text;
}
