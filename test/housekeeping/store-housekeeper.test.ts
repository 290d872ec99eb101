/**
 * The store's housekeeping as an operator sees it: coordination rows go after `retention.coordination`, the audit
 * log stays (or goes after `retention.audit`), hourly, in batches, and a store outage only postpones it. On the
 * manual clock with a hand-driven `every`, so nothing waits for real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import type { Every } from '../../src/clock.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { createStoreHousekeeper } from '../../src/housekeeping/store-housekeeper.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import type { AuditEntry, Store } from '../../src/store/store.ts';
import { startTestBot, type TestBot, visibleText } from '../support/start-test-bot.ts';

const DAY = 86_400_000;

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function auditEntry(at: number): AuditEntry {
  return {
    at,
    userId: 'U0OPER0001',
    channel: 'C0OPS00001',
    commandText: 'purge https://www.example.com/a.js',
    action: 'purge',
    accountId: 'tencent-prod',
    domain: 'www.example.com',
    outcome: 'submitted',
    requestId: 'task-1',
    detail: null,
    changeId: null,
  };
}

/** An `every` that runs nothing by itself and remembers what was scheduled, at which period. */
function handDrivenEvery() {
  const scheduled: { ms: number; task: () => void }[] = [];
  const every: Every = (ms, task) => {
    scheduled.push({ ms, task });
    return () => {
      scheduled.splice(
        scheduled.findIndex((entry) => entry.task === task),
        1,
      );
    };
  };
  return { every, scheduled };
}

function housekeeperOn(store: Store, audit: 'forever' | number = 'forever') {
  const clock = createManualClock();
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', secrets: [], write: (line) => logs.push(line) });
  const { every, scheduled } = handDrivenEvery();
  const housekeeper = createStoreHousekeeper({
    store,
    clock,
    logger,
    every,
    retention: { coordination: 30 * DAY, audit },
  });
  return { housekeeper, clock, logs, scheduled };
}

async function auditTimes(store: Store): Promise<number[]> {
  return (await store.audit.query({ since: 0, limit: 10_000, offset: 0 })).entries.map((entry) => entry.at);
}

describe('store housekeeping', () => {
  it('forgets a finished purge follow-up a month later and keeps its audit entry, which /cdn audit still shows', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/a.js');
    await bot.slack.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));
    await bot.bot.services.follower.idle();

    bot.clock.advance(29 * DAY);
    const tooEarly = await bot.bot.housekeeper.sweep();
    bot.clock.advance(2 * DAY);
    const aMonthLater = await bot.bot.housekeeper.sweep();
    await bot.send('audit --last 60d');

    expect(tooEarly.followUps).toBe(0);
    expect(aMonthLater.followUps).toBe(1);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('purge https://www.example.com/a.js');
    expect(bot.logs.some((line) => line.includes('pruned old rows from the store'))).toBe(true);
  });

  it('keeps the audit log forever by default, and prunes it after retention.audit when one is set', async () => {
    const kept = openSqliteStore(':memory:');
    const pruned = openSqliteStore(':memory:');
    const forever = housekeeperOn(kept);
    const yearly = housekeeperOn(pruned, 400 * DAY);
    const now = forever.clock.now();
    for (const store of [kept, pruned]) {
      await store.audit.append(auditEntry(now - 401 * DAY));
      await store.audit.append(auditEntry(now - DAY));
    }

    await forever.housekeeper.sweep();
    await yearly.housekeeper.sweep();

    expect(await auditTimes(kept)).toEqual([now - DAY, now - 401 * DAY]);
    expect(await auditTimes(pruned)).toEqual([now - DAY]);
    await Promise.all([kept.close(), pruned.close()]);
  });

  it('prunes a large backlog whole in one sweep, batch by batch', async () => {
    const store = openSqliteStore(':memory:');
    const { housekeeper, clock } = housekeeperOn(store, 400 * DAY);
    for (let index = 0; index < 2_500; index += 1) await store.audit.append(auditEntry(index));
    await store.audit.append(auditEntry(clock.now()));

    const counts = await housekeeper.sweep();

    expect(counts.audit).toBe(2_500);
    expect(await auditTimes(store)).toEqual([clock.now()]);
    await store.close();
  });

  it('prunes at start-up and then every hour, until stopped', async () => {
    const store = openSqliteStore(':memory:');
    const { housekeeper, clock, scheduled } = housekeeperOn(store, 400 * DAY);
    await store.audit.append(auditEntry(clock.now() - 500 * DAY));
    await store.audit.append(auditEntry(clock.now() - 399 * DAY));

    housekeeper.start();
    await housekeeper.sweep();
    const afterStart = await auditTimes(store);
    clock.advance(2 * DAY);
    scheduled[0]?.task();
    await housekeeper.sweep();
    const anHourlyRunLater = await auditTimes(store);
    await housekeeper.stop();

    expect(afterStart).toHaveLength(1);
    expect(anHourlyRunLater).toEqual([]);
    expect(scheduled).toEqual([]);
    await store.close();
  });

  it('logs a store outage and prunes on the next run', async () => {
    const inner = openSqliteStore(':memory:');
    let failures = 1;
    const store: Store = {
      ...inner,
      housekeeping: {
        prune: (...args) =>
          failures-- > 0
            ? Promise.reject(new StoreUnavailableError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432'))
            : inner.housekeeping.prune(...args),
      },
    };
    const { housekeeper, clock, logs } = housekeeperOn(store, 400 * DAY);
    await store.audit.append(auditEntry(clock.now() - 500 * DAY));

    const failed = await housekeeper.sweep();
    const retried = await housekeeper.sweep();

    expect(failed).toEqual({});
    expect(logs.some((line) => line.includes('pruning old rows from the store failed'))).toBe(true);
    expect(retried.audit).toBe(1);
    await inner.close();
  });
});
