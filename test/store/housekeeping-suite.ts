/**
 * Pruning and the audit export, written once and run against each store like repository-suite.ts: replicas on one
 * database rely on both stores deleting exactly the same rows.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChangeState, Store } from '../../src/store/store.ts';
import { changeRequest, followedSubmission } from './repository-suite.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const CUTOFF = T0 + 30 * DAY;
const LIMIT = 1_000;

function auditEntry(at: number, commandText = 'purge https://www.example.com/a.js'): AuditEntry {
  return {
    at,
    userId: 'U0OPER0001',
    channel: 'C0OPS00001',
    commandText,
    action: 'purge',
    accountId: 'tencent-prod',
    domain: 'www.example.com',
    outcome: 'submitted',
    requestId: 'task-1',
    detail: null,
    changeId: null,
  };
}

async function followUp(store: Store, id: string, createdAt: number, end?: 'finished' | 'gave_up') {
  await store.follows.add(followedSubmission({ id, createdAt, nextPollAt: createdAt }));
  if (!end) return;
  await store.follows.claimDue(createdAt, 'replica-a', 60_000, 10);
  await store.follows.finish(id, end, { ended: end }, 'replica-a');
}

async function digestRun(store: Store, dueAt: number, finished: boolean) {
  await store.digestRuns.claim({
    name: 'daily',
    dueAt,
    claimedBy: 'replica-a',
    claimedAt: dueAt,
    leaseUntil: dueAt + 60_000,
  });
  if (finished) {
    await store.digestRuns.finish('daily', dueAt, {
      outcome: 'posted',
      messageTs: '1.1',
      detail: null,
      finishedAt: dueAt + 1_000,
    });
  }
}

async function pruneAll(store: Store, rows: Parameters<Store['housekeeping']['prune']>[0], before: number) {
  let total = 0;
  for (;;) {
    const deleted = await store.housekeeping.prune(rows, before, LIMIT);
    total += deleted;
    if (deleted < LIMIT) return total;
  }
}

async function collect(entries: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of entries) all.push(entry);
  return all;
}

export function housekeepingSuite(
  name: string,
  open: () => Promise<{ store: Store; reopen?: () => Promise<Store> }>,
) {
  describe(`${name}: pruning`, () => {
    it('forgets ended follow-ups submitted before the cutoff and keeps those still running or newer', async () => {
      const { store } = await open();
      await followUp(store, 'old-finished', T0, 'finished');
      await followUp(store, 'old-gave-up', T0, 'gave_up');
      await followUp(store, 'old-running', T0);
      await followUp(store, 'new-finished', CUTOFF + 1, 'finished');

      const deleted = await store.housekeeping.prune('followUps', CUTOFF, LIMIT);

      expect(deleted).toBe(2);
      const left = await Promise.all(
        ['old-finished', 'old-gave-up', 'old-running', 'new-finished'].map(
          async (id) => (await store.follows.get(id))?.state ?? 'gone',
        ),
      );
      expect(left).toEqual(['gone', 'gone', 'following', 'finished']);
      await store.close();
    });

    it('forgets ended change requests made before the cutoff and keeps undecided and newer ones', async () => {
      const { store } = await open();
      const states: ChangeState[] = [
        'done',
        'failed',
        'rejected',
        'cancelled',
        'expired',
        'pending_approval',
      ];
      for (const [index, state] of states.entries()) {
        await store.changes.create(changeRequest({ id: `OLD${index}`, state, createdAt: T0 }));
      }
      await store.changes.create(changeRequest({ id: 'NEW0', state: 'done', createdAt: CUTOFF }));

      const deleted = await store.housekeeping.prune('changeRequests', CUTOFF, LIMIT);

      expect(deleted).toBe(5);
      expect((await store.changes.listOpen()).map((request) => request.id)).toEqual(['OLD5']);
      expect(await store.changes.get('NEW0')).toMatchObject({ state: 'done' });
      expect(await store.changes.get('OLD0')).toBeUndefined();
      await store.close();
    });

    it('forgets digest runs due before the cutoff, however they ended, and keeps later ones', async () => {
      const { store } = await open();
      await digestRun(store, T0, true);
      await digestRun(store, T0 + DAY, false);
      await digestRun(store, CUTOFF, true);

      const deleted = await store.housekeeping.prune('digestRuns', CUTOFF, LIMIT);

      expect(deleted).toBe(2);
      expect((await store.digestRuns.recent('daily', 10)).map((run) => run.dueAt)).toEqual([CUTOFF]);
      await store.close();
    });

    it('forgets watch evaluations of intervals before the cutoff and keeps later ones', async () => {
      const { store } = await open();
      for (const dueAt of [T0, T0 + DAY, CUTOFF]) {
        await store.watchEvaluations.claim({
          name: 'errors',
          dueAt,
          claimedBy: 'replica-a',
          claimedAt: dueAt,
          leaseUntil: dueAt + 60_000,
        });
      }

      const deleted = await store.housekeeping.prune('watchEvaluations', CUTOFF, LIMIT);

      expect(deleted).toBe(2);
      expect((await store.watchEvaluations.recent('errors', 10)).map((run) => run.dueAt)).toEqual([CUTOFF]);
      await store.close();
    });

    it('forgets provider budgets nobody took from since the cutoff; the next take finds the bucket full', async () => {
      const { store } = await open();
      const bucket = { capacity: 1, refillPerSecond: 1e-9 };
      await store.budgets.take('idle', bucket, T0);
      await store.budgets.take('busy', bucket, CUTOFF);

      const deleted = await store.housekeeping.prune('budgets', CUTOFF, LIMIT);

      expect(deleted).toBe(1);
      expect((await store.budgets.take('idle', bucket, CUTOFF + 1)).granted).toBe(true);
      expect((await store.budgets.take('busy', bucket, CUTOFF + 1)).granted).toBe(false);
      await store.close();
    });

    it('forgets audit entries recorded before the cutoff only', async () => {
      const { store } = await open();
      await store.audit.append(auditEntry(T0));
      await store.audit.append(auditEntry(CUTOFF - 1));
      await store.audit.append(auditEntry(CUTOFF));

      const deleted = await store.housekeeping.prune('audit', CUTOFF, LIMIT);

      expect(deleted).toBe(2);
      expect((await store.audit.query({ since: 0, limit: 10, offset: 0 })).entries.map((e) => e.at)).toEqual([
        CUTOFF,
      ]);
      await store.close();
    });

    it('deletes at most the limit per statement, and replicas pruning at once delete each row once', async () => {
      const { store, reopen } = await open();
      for (let index = 0; index < 25; index += 1) await store.audit.append(auditEntry(T0 + index));
      const others = reopen ? [await reopen(), await reopen()] : [];

      const first = await store.housekeeping.prune('audit', CUTOFF, 10);
      const together = await Promise.all(
        [store, ...others].map((replica) => pruneAll(replica, 'audit', CUTOFF)),
      );

      expect(first).toBe(10);
      expect(together.reduce((sum, count) => sum + count, 0)).toBe(15);
      expect((await store.audit.query({ since: 0, limit: 10, offset: 0 })).total).toBe(0);
      await Promise.all([store, ...others].map((replica) => replica.close()));
    });
  });

  describe(`${name}: audit export`, () => {
    it('reads every entry in the range oldest first, in recorded order within one instant, across pages', async () => {
      const { store } = await open();
      // More than one page (500), with ties on `at` straddling the page boundary.
      const times = Array.from({ length: 1_203 }, (_, index) => T0 + Math.floor(index / 3) * 1_000);
      for (const [index, at] of times.entries()) await store.audit.append(auditEntry(at, `purge #${index}`));
      await store.audit.append(auditEntry(T0 - 1, 'before'));
      await store.audit.append(auditEntry(T0 + 401_000, 'at the end, excluded'));

      const exported = await collect(store.audit.between({ from: T0, to: T0 + 401_000 }));

      expect(exported.map((entry) => entry.commandText)).toEqual(times.map((_, index) => `purge #${index}`));
      expect(exported[0]).toEqual(auditEntry(T0, 'purge #0'));
      await store.close();
    });

    it('reads nothing from an empty range', async () => {
      const { store } = await open();
      await store.audit.append(auditEntry(T0));

      expect(await collect(store.audit.between({ from: T0 + 1, to: T0 + DAY }))).toEqual([]);
      await store.close();
    });
  });
}
