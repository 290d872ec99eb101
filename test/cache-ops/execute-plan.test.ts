import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/cache-ops/execute-plan.ts';
import type { CdnProvider } from '../../src/providers/types.ts';

/** A provider whose purge requests stay unanswered until released, so the test sees how many were out at once. */
function heldProvider() {
  const asked: string[][] = [];
  const releases: (() => void)[] = [];
  const provider = {
    kind: 'tencent',
    accountId: 'tencent-test',
    purgeUrls: async (urls: string[]) => {
      asked.push(urls);
      await new Promise<void>((resolve) => releases.push(resolve));
      return { taskId: `task-${asked.indexOf(urls)}`, requestId: undefined, items: urls };
    },
  } as unknown as CdnProvider;
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  return { provider, asked, releaseAll };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
}

describe('sending a plan', () => {
  it("sends a 10,000-URL purge's ten requests together, not in rounds behind the first answers", async () => {
    const held = heldProvider();
    const chunks = Array.from({ length: 10 }, (_, chunk) => ({
      items: Array.from({ length: 1000 }, (_, i) => `https://www.example.com/${chunk * 1000 + i}.js`),
      urlEncode: false,
    }));
    const sending = executePlan(
      {
        operation: 'purge-url',
        itemCount: 10_000,
        accounts: [{ accountId: 'tencent-test', provider: held.provider, chunks, quotaAfter: [] }],
      },
      { requestedBy: 'U1', submittedAt: 0 },
    );
    await until(() => held.asked.length === 10);

    expect(held.asked).toHaveLength(10);
    held.releaseAll();
    const submission = await sending;
    expect(submission.accounts[0]!.tasks.map((task) => task.items.length)).toEqual(Array(10).fill(1000));
  });
});
