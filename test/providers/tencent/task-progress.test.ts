import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../sandbox/manual-clock.ts';
import { startTencentSandbox } from '../../../sandbox/tencent/index.ts';
import { providerOnSandbox } from './provider-on-sandbox.ts';

const SECRET_ID = 'AKIDcdnopsProgressTest';
const SECRET_KEY = 'progress-test-secret-key';
/** 2026-11-23 10:00:00 in Beijing. */
const START = Date.UTC(2026, 10, 23, 2, 0, 0);
const TASK_MS = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startHarness() {
  const clock = createManualClock(START);
  const sandbox = await startTencentSandbox({
    clock,
    accounts: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, domains: [{ domain: 'www.example.com' }] }],
    taskDurationMs: TASK_MS,
  });
  cleanups.push(() => sandbox.close());
  const provider = providerOnSandbox(sandbox, { secretId: SECRET_ID, secretKey: SECRET_KEY }, clock);
  const taskCalls = () => sandbox.calls.filter((call) => call.action === 'DescribePurgeTasks').length;
  return { clock, sandbox, provider, taskCalls };
}

const urls = (count: number) => Array.from({ length: count }, (_, i) => `https://www.example.com/a/${i}.js`);

describe('Tencent task progress', () => {
  it('follows a 1,000-URL purge in three calls a poll, not one per 100 URLs', async () => {
    const { clock, provider, taskCalls } = await startHarness();
    const { taskId } = await provider.purgeUrls(urls(1000), { urlEncode: false });

    expect(await provider.taskProgress!('purge', { taskId, items: 1000 })).toEqual({ state: 'process' });
    expect(taskCalls()).toBe(3);

    clock.advance(TASK_MS);
    expect(await provider.taskProgress!('purge', { taskId, items: 1000 })).toEqual({
      state: 'done',
      failedItems: [],
    });
    expect(taskCalls()).toBe(6);
  });

  it('names every URL that failed, past the first page of failures', async () => {
    const { clock, sandbox, provider } = await startHarness();
    const sent = urls(1000);
    const failing = sent.filter((_, i) => i % 4 === 0);
    for (const url of failing) sandbox.failUrl(url);
    const { taskId } = await provider.purgeUrls(sent, { urlEncode: false });
    clock.advance(TASK_MS);

    const progress = await provider.taskProgress!('purge', { taskId, items: 1000 });

    expect(progress.state).toBe('done');
    expect(progress.state !== 'process' && [...progress.failedItems].sort()).toEqual([...failing].sort());
  });

  it('calls a task failed only when every URL failed', async () => {
    const { clock, sandbox, provider } = await startHarness();
    const sent = urls(150);
    for (const url of sent) sandbox.failUrl(url);
    const { taskId } = await provider.purgeUrls(sent, { urlEncode: false });
    clock.advance(TASK_MS);

    const progress = await provider.taskProgress!('purge', { taskId, items: 150 });

    expect(progress.state).toBe('fail');
    expect(progress.state !== 'process' && progress.failedItems).toHaveLength(150);
  });

  it('reads a task of one page as it is: one call', async () => {
    const { clock, sandbox, provider, taskCalls } = await startHarness();
    sandbox.failUrl('https://www.example.com/a/3.js');
    const { taskId } = await provider.purgeUrls(urls(40), { urlEncode: false });
    clock.advance(TASK_MS);

    expect(await provider.taskProgress!('purge', { taskId, items: 40 })).toEqual({
      state: 'done',
      failedItems: ['https://www.example.com/a/3.js'],
    });
    expect(taskCalls()).toBe(1);
  });

  it('counts a prefetch the same way, its refused URLs ("invalid") among the failed', async () => {
    const { clock, sandbox, provider } = await startHarness();
    const sent = urls(300);
    sandbox.failUrl(sent[7]!);
    const { taskId } = await provider.prefetchUrls(sent, { urlEncode: false });
    clock.advance(TASK_MS);

    const progress = await provider.taskProgress!('prefetch', { taskId, items: 300 });

    expect(progress).toEqual({ state: 'done', failedItems: [sent[7]] });
    const statuses = sandbox.calls
      .filter((call) => call.action === 'DescribePushTasks')
      .map((call) => (call.params as { Status?: string }).Status ?? 'all');
    expect(statuses.sort()).toEqual(['all', 'done', 'fail', 'invalid']);
  });

  it('keeps following a task whose records Tencent does not list yet', async () => {
    const { provider } = await startHarness();

    expect(await provider.taskProgress!('purge', { taskId: 'not-listed-yet', items: 500 })).toEqual({
      state: 'process',
    });
  });
});
