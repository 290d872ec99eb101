/**
 * Background work when the store fails under it for a while (a database outage, here simulated in-process on the
 * manual clock): the purge follower and the change sweeper log, wait and try again, and are still working once the
 * store answers. Neither may stop for good because one call to the store failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** An in-memory store whose named calls fail with StoreUnavailableError the next `faults[name]` times. */
function flakyStore(): { store: Store; faults: { claimDue: number; expireDue: number } } {
  const inner = openSqliteStore(':memory:');
  const faults = { claimDue: 0, expireDue: 0 };
  const unavailable = () =>
    Promise.reject(new StoreUnavailableError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432'));
  const store: Store = {
    ...inner,
    follows: {
      ...inner.follows,
      claimDue: (...args) => (faults.claimDue-- > 0 ? unavailable() : inner.follows.claimDue(...args)),
    },
    changes: {
      ...inner.changes,
      expireDue: (...args) => (faults.expireDue-- > 0 ? unavailable() : inner.changes.expireDue(...args)),
    },
  };
  return { store, faults };
}

describe('background work through a store outage', () => {
  it('the purge follower keeps trying while the store fails, then edits the message once it answers', async () => {
    const { store, faults } = flakyStore();
    bot = await startTestBot({ store });
    faults.claimDue = 3;

    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));

    const posted = bot.slack.messages.find((message) => !message.ephemeral)!;
    expect(visibleText(posted)).toContain('done');
    expect(posted.edits).toBe(1);
    expect(
      bot.logs.filter((line) => line.includes('"msg":"following submissions failed; will try again"')),
    ).toHaveLength(3);
    expect(bot.logs.join('\n')).not.toContain('"level":"error"');
  });

  it('the change sweeper logs a failed sweep and sweeps again next time', async () => {
    const { store, faults } = flakyStore();
    bot = await startTestBot({ store });
    await bot.send('offline www.example.com');
    const card = bot.slack.messages.find((message) =>
      JSON.stringify(message.blocks).includes('change.approve'),
    )!;
    bot.clock.advance(25 * 60 * 60_000);
    faults.expireDue = 1;

    await bot.bot.sweeper.sweep();
    const afterFailedSweep = visibleText(card);
    await bot.bot.sweeper.sweep();

    expect(afterFailedSweep).not.toContain('expired');
    expect(
      bot.logs.filter((line) => line.includes('"msg":"expiring change requests failed; will retry"')),
    ).toHaveLength(1);
    expect(visibleText(card).toLowerCase()).toContain('expired');
  });
});
