import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../sandbox/manual-clock.ts';
import { createTencentProvider } from '../../../src/providers/tencent/index.ts';

/** 2026-11-23 10:00:00 in Beijing. */
const START = Date.UTC(2026, 10, 23, 2, 0, 0);

/**
 * A client that answers DescribePurgeTasks only when told to, so the test sees which pages were asked for before
 * any page after the first had come back.
 */
function heldTaskList(total: number) {
  const asked: number[] = [];
  const waiting: (() => void)[] = [];
  const logs = (offset: number, limit: number) =>
    Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, index) => ({
      TaskId: 'task-1',
      Url: `https://www.example.com/${offset + index}.js`,
      Status: 'process',
      PurgeType: 'url',
      FlushType: null,
      CreateTime: '2026-11-23 09:59:00',
    }));
  const client = {
    call: async (
      action: string,
      params: Record<string, unknown>,
      schema: { parse(value: unknown): never },
    ) => {
      expect(action).toBe('DescribePurgeTasks');
      const offset = params.Offset as number;
      asked.push(offset);
      if (offset > 0) await new Promise<void>((resolve) => waiting.push(resolve));
      return schema.parse({
        PurgeLogs: logs(offset, params.Limit as number),
        TotalCount: total,
        RequestId: `req-${offset}`,
      });
    },
  };
  return {
    client,
    asked,
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
}

describe('Tencent task status pages', () => {
  it('asks for every page after the first together, so following a 1,000-URL task is not ten round trips in a row', async () => {
    const clock = createManualClock(START);
    const list = heldTaskList(1_000);
    const provider = createTencentProvider('tencent-test', list.client as never, clock.now, clock);

    const reading = provider.purgeTasks({ taskId: 'task-1' });
    await until(() => list.asked.length === 10);

    expect(list.asked).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    list.releaseAll();
    const records = await reading;
    expect(records).toHaveLength(1_000);
    expect(records.at(-1)?.url).toBe('https://www.example.com/999.js');
  });

  it('asks for no second page when the first holds them all', async () => {
    const clock = createManualClock(START);
    const list = heldTaskList(37);
    const provider = createTencentProvider('tencent-test', list.client as never, clock.now, clock);

    expect(await provider.purgeTasks({ taskId: 'task-1' })).toHaveLength(37);
    expect(list.asked).toEqual([0]);
  });
});
