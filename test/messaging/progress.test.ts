import { describe, expect, it } from 'vitest';
import type { Message, Reply } from '../../src/messaging/message.ts';
import { createProgress, type ProgressOutlet } from '../../src/messaging/progress.ts';

/** An outlet whose shows land only when the test says, recording what reached it in order. */
function heldOutlet(options?: { maxShows?: number; failShow?: number }) {
  const seen: string[] = [];
  const pending: { message: Message; land: () => void; fail: (error: Error) => void }[] = [];
  let shows = 0;
  const outlet: ProgressOutlet = {
    maxShows: options?.maxShows ?? 3,
    minIntervalMs: 2_000,
    show(message) {
      shows += 1;
      const failing = shows === options?.failShow;
      return new Promise<void>((resolve, reject) => {
        pending.push({
          message,
          land: () => {
            seen.push(`note: ${message.text}`);
            resolve();
          },
          fail: reject,
        });
        if (failing) pending.at(-1)!.fail(new Error('response_url_400'));
      });
    },
    async replace(reply) {
      seen.push(`answer over the note: ${reply.text}`);
    },
  };
  return { outlet, seen, pending };
}

function harness(outlet: ProgressOutlet | undefined) {
  let now = 0;
  const replies: string[] = [];
  const errors: unknown[] = [];
  const { progress, respond } = createProgress(
    outlet,
    async (reply: Reply) => {
      replies.push(reply.text);
    },
    { now: () => now, onError: (error) => errors.push(error) },
  );
  const counter = progress.track((done, total) => ({ text: `batch ${done} of ${total}` }));
  return {
    counter,
    respond,
    replies,
    errors,
    pass(ms: number) {
      now += ms;
    },
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('progress of a long answer', () => {
  it('counts every batch planned in the same turn in its first note', async () => {
    const { outlet, pending } = heldOutlet();
    const { counter } = harness(outlet);

    counter.planned(10);
    counter.planned(7);
    await turn();

    expect(pending.map((show) => show.message.text)).toEqual(['batch 0 of 17']);
  });

  it('edits at most once per 2 seconds of the clock, and never past its allowance of shows', async () => {
    const { outlet, pending } = heldOutlet({ maxShows: 3 });
    const test = harness(outlet);
    test.counter.planned(17);
    await turn();
    pending[0]!.land();
    await turn();

    test.counter.done();
    test.pass(1_999);
    test.counter.done();
    test.pass(1);
    test.counter.done();
    pending[1]!.land();
    await turn();
    test.pass(2_000);
    test.counter.done();
    pending[2]!.land();
    await turn();
    test.pass(60_000);
    test.counter.done();

    expect(pending.map((show) => show.message.text)).toEqual([
      'batch 0 of 17',
      'batch 3 of 17',
      'batch 4 of 17',
    ]);
  });

  it('puts the answer over the note only after the edit in flight landed, and shows nothing after it', async () => {
    const { outlet, seen, pending } = heldOutlet();
    const test = harness(outlet);
    test.counter.planned(5);
    await turn();
    pending[0]!.land();
    await turn();
    test.pass(2_000);
    test.counter.done();

    const answered = test.respond({ text: 'the answer' });
    await turn();
    expect(seen).toEqual(['note: batch 0 of 5']);
    test.pass(2_000);
    test.counter.done();
    pending[1]!.land();
    await answered;

    expect(seen).toEqual(['note: batch 0 of 5', 'note: batch 1 of 5', 'answer over the note: the answer']);
    expect(pending).toHaveLength(2);
    expect(test.replies).toEqual([]);
  });

  it('answers as usual when a progress edit fails, over the note that did land', async () => {
    const { outlet, seen, pending } = heldOutlet({ failShow: 2 });
    const test = harness(outlet);
    test.counter.planned(5);
    await turn();
    pending[0]!.land();
    await turn();
    test.pass(2_000);
    test.counter.done();
    await turn();
    test.pass(2_000);
    test.counter.done();

    await test.respond({ text: 'the answer' });

    expect(pending).toHaveLength(2);
    expect(test.errors).toHaveLength(1);
    expect(seen).toEqual(['note: batch 0 of 5', 'answer over the note: the answer']);
  });

  it('answers with a reply of its own when no note ever landed', async () => {
    const { outlet, pending } = heldOutlet({ failShow: 1 });
    const test = harness(outlet);
    test.counter.planned(5);
    await turn();

    await test.respond({ text: 'the answer' });

    expect(pending).toHaveLength(1);
    expect(test.replies).toEqual(['the answer']);
  });

  it('starts no note for work that began with one batch, though more was planned later', async () => {
    const { outlet, pending } = heldOutlet();
    const test = harness(outlet);
    test.counter.planned(1);
    await turn();
    test.counter.done();
    test.counter.planned(1);
    test.pass(5_000);
    test.counter.done();

    await test.respond({ text: 'the answer' });

    expect(pending).toEqual([]);
    expect(test.replies).toEqual(['the answer']);
  });

  it('shows nothing for one batch, or where nothing can show it', async () => {
    const one = heldOutlet();
    const test = harness(one.outlet);
    test.counter.planned(1);
    await turn();
    test.counter.done();
    await test.respond({ text: 'the answer' });

    const nowhere = harness(undefined);
    nowhere.counter.planned(17);
    await turn();
    await nowhere.respond({ text: 'the answer' });

    expect(one.pending).toEqual([]);
    expect(test.replies).toEqual(['the answer']);
    expect(nowhere.replies).toEqual(['the answer']);
  });

  it('falls back to a reply of its own when the answer cannot replace the note', async () => {
    const { outlet, pending } = heldOutlet();
    outlet.replace = async () => {
      throw new Error('response_url_404');
    };
    const test = harness(outlet);
    test.counter.planned(5);
    await turn();
    pending[0]!.land();
    await turn();

    await test.respond({ text: 'the answer' });

    expect(test.replies).toEqual(['the answer']);
    expect(test.errors).toHaveLength(1);
  });
});
