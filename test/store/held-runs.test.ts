import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import type { Every } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { createHeldRuns } from '../../src/store/held-runs.ts';

/** A repository that records what it was told, and an `every` the test ticks by hand. */
function harness() {
  const renewed: string[] = [];
  const released: string[] = [];
  const tickers = new Set<() => void>();
  const every: Every = (_ms, task) => {
    tickers.add(task);
    return () => tickers.delete(task);
  };
  const logs: string[] = [];
  const held = createHeldRuns({
    runs: {
      async renew(name, dueAt, claimedBy) {
        renewed.push(`${name}@${dueAt} by ${claimedBy}`);
        return true;
      },
      async release(name, dueAt, claimedBy) {
        released.push(`${name}@${dueAt} by ${claimedBy}`);
      },
    },
    every,
    clock: createManualClock(),
    logger: createLogger({ level: 'debug', secrets: [], write: (line) => logs.push(line) }),
    instanceId: 'replica-1',
    leaseMs: 30_000,
    what: 'digest',
  });
  const tick = () => {
    for (const task of tickers) task();
  };
  return { held, renewed, released, tick, tickers, logs };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('held runs', () => {
  it('renews a run’s claim while it runs, and stops renewing and holding it once it is done', async () => {
    const { held, renewed, tick, tickers } = harness();
    const work = deferred();

    const running = held.run('fleet', 1000, () => work.promise);
    tick();
    tick();

    expect(held.holds('fleet', 1000)).toBe(true);
    expect(held.holds('fleet', 2000)).toBe(false);
    expect(renewed).toEqual(['fleet@1000 by replica-1', 'fleet@1000 by replica-1']);

    work.resolve();
    await running;

    expect(held.holds('fleet', 1000)).toBe(false);
    expect(tickers.size).toBe(0);
  });

  it('gives back the claims still held when a stop cannot wait for them, so another process takes them at once', async () => {
    const { held, released } = harness();
    const stuck = deferred();
    const quick = deferred();
    void held.run('fleet', 1000, () => stuck.promise);
    const done = held.run('edge', 1000, () => quick.promise);
    quick.resolve();
    await done;

    await held.stop(0);

    expect(released).toEqual(['fleet@1000 by replica-1']);
    stuck.resolve();
  });

  it('waits for runs and tracked ticks, and releases nothing, when the stop may wait', async () => {
    const { held, released } = harness();
    const work = deferred();
    const tickWork = deferred();
    void held.run('fleet', 1000, () => work.promise);
    void held.track(tickWork.promise);
    let stopped = false;
    const stopping = held.stop(undefined).then(() => {
      stopped = true;
    });

    work.resolve();
    await work.promise;
    await Promise.resolve();
    expect(stopped).toBe(false);

    tickWork.resolve();
    await stopping;
    expect(stopped).toBe(true);
    expect(released).toEqual([]);
  });
});
