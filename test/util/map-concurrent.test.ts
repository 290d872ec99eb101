import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../src/util/map-concurrent.ts';

/** A promise the test settles by hand, so "in flight" is exact rather than timed. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  it('keeps at most `limit` calls in flight and starts the next as soon as one settles', async () => {
    const pending = Array.from({ length: 5 }, () => deferred<string>());
    const started: number[] = [];

    const all = mapConcurrent([0, 1, 2, 3, 4], 2, (item) => {
      started.push(item);
      return pending[item]!.promise;
    });
    await tick();
    const atFirst = [...started];
    pending[1]!.resolve('b');
    await tick();
    const afterOne = [...started];
    for (const [index, entry] of pending.entries()) entry.resolve(String(index));
    await all;

    expect(atFirst).toEqual([0, 1]);
    expect(afterOne).toEqual([0, 1, 2]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps results in input order and settles every item even when some fail', async () => {
    const failure = new Error('chunk 1 refused');

    const results = await mapConcurrent(['a', 'b', 'c'], 2, async (item, index) => {
      if (index === 1) throw failure;
      return item.toUpperCase();
    });

    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('returns nothing for no items without calling the function', async () => {
    let calls = 0;

    const results = await mapConcurrent([], 3, async () => {
      calls += 1;
    });

    expect(results).toEqual([]);
    expect(calls).toBe(0);
  });
});
