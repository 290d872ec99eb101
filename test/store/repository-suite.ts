/**
 * The behaviour every Store implementation must have, written once and run against each backend (SQLite now,
 * PostgreSQL later), so replicas can rely on the same guarantees whichever database holds the state.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRequest, Store, StoredDigest } from '../../src/store/store.ts';

export function changeRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'K7F3Q2',
    action: 'offline',
    accountId: 'tencent-prod',
    domain: 'www.example.com',
    requestedBy: 'U0OPER0001',
    channel: 'C0OPS00001',
    commandText: 'offline www.example.com',
    plan: { kind: 'state', operation: 'stop' },
    state: 'pending_approval',
    createdAt: 1_000,
    expiresAt: 3_601_000,
    decidedBy: null,
    decidedAt: null,
    messageTs: null,
    responseUrl: null,
    result: null,
    ...overrides,
  };
}

export function storedDigest(overrides: Partial<StoredDigest> = {}): StoredDigest {
  return {
    name: 'morning-traffic',
    channel: 'C0OPS00001',
    schedule: '0 9 * * *',
    domains: ['www.example.com', 'static.example.com'],
    metrics: ['flux', 'bandwidth', 'request', 'statusCode'],
    createdBy: 'U0OPER0001',
    createdAt: 1_000,
    ...overrides,
  };
}

const NINE_AM = Date.UTC(2026, 10, 23, 1, 0, 0);

export function repositorySuite(
  name: string,
  open: () => Promise<{ store: Store; reopen?: () => Promise<Store> }>,
) {
  describe(`${name}: change requests`, () => {
    it('stores a request and reads it back unchanged', async () => {
      const { store } = await open();
      const request = changeRequest();

      await store.changes.create(request);

      expect(await store.changes.get(request.id)).toEqual(request);
      await store.close();
    });

    it('lets exactly one of thirty concurrent approvals through', async () => {
      const { store } = await open();
      await store.changes.create(changeRequest());

      const results = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          store.changes.transition('K7F3Q2', ['pending_approval'], 'approved', {
            decidedBy: `U${index}`,
            decidedAt: 2_000,
          }),
        ),
      );

      const winners = results.filter((result) => result !== undefined);
      expect(winners).toHaveLength(1);
      expect((await store.changes.get('K7F3Q2'))?.decidedBy).toBe(winners[0]!.decidedBy);
      await store.close();
    });

    it('refuses a transition from a state the request is not in, and changes nothing', async () => {
      const { store } = await open();
      await store.changes.create(changeRequest({ state: 'rejected' }));

      const result = await store.changes.transition('K7F3Q2', ['pending_approval'], 'approved', {
        decidedBy: 'U1',
      });

      expect(result).toBeUndefined();
      expect((await store.changes.get('K7F3Q2'))?.state).toBe('rejected');
      await store.close();
    });

    it('records the result when a change ends', async () => {
      const { store } = await open();
      await store.changes.create(changeRequest({ state: 'running' }));

      const ended = await store.changes.transition('K7F3Q2', ['running'], 'done', {
        result: { state: 'done', requestId: 'req-1' },
      });

      expect(ended?.result).toEqual({ state: 'done', requestId: 'req-1' });
      await store.close();
    });

    it('expires undecided requests whose time is up, once, and leaves decided and fresh ones alone', async () => {
      const { store } = await open();
      await store.changes.create(changeRequest({ id: 'OLD001', expiresAt: 5_000 }));
      await store.changes.create(
        changeRequest({ id: 'OLD002', state: 'awaiting_confirmation', expiresAt: 5_000 }),
      );
      await store.changes.create(changeRequest({ id: 'NEW001', expiresAt: 50_000 }));
      await store.changes.create(changeRequest({ id: 'DONE01', state: 'done', expiresAt: 5_000 }));

      const expired = await store.changes.expireDue(10_000);
      const again = await store.changes.expireDue(10_000);

      expect(expired.map((request) => request.id).sort()).toEqual(['OLD001', 'OLD002']);
      expect(expired.every((request) => request.state === 'expired')).toBe(true);
      expect(again).toEqual([]);
      expect((await store.changes.listOpen()).map((request) => request.id)).toEqual(['NEW001']);
      await store.close();
    });

    it('fails changes left running by a process that died, once, and leaves recent and ended ones alone', async () => {
      const { store } = await open();
      await store.changes.create(
        changeRequest({ id: 'STUCK1', state: 'running', decidedBy: 'U1', decidedAt: 1_000 }),
      );
      await store.changes.create(
        changeRequest({ id: 'STUCK2', state: 'approved', decidedBy: 'U1', decidedAt: 1_000 }),
      );
      await store.changes.create(
        changeRequest({ id: 'FRESH1', state: 'running', decidedBy: 'U1', decidedAt: 9_000 }),
      );
      await store.changes.create(
        changeRequest({ id: 'ENDED1', state: 'done', decidedBy: 'U1', decidedAt: 1_000 }),
      );

      const failed = await store.changes.failInterrupted(5_000, { message: 'interrupted' });
      const again = await store.changes.failInterrupted(5_000, { message: 'interrupted' });

      expect(failed.map((request) => [request.id, request.state, request.result]).sort()).toEqual([
        ['STUCK1', 'failed', { message: 'interrupted' }],
        ['STUCK2', 'failed', { message: 'interrupted' }],
      ]);
      expect(again).toEqual([]);
      expect((await store.changes.get('FRESH1'))?.state).toBe('running');
      await store.close();
    });

    it('keeps where the card was posted', async () => {
      const { store } = await open();
      await store.changes.create(changeRequest());

      await store.changes.setMessage('K7F3Q2', '1700000000.000100', 'https://hooks.example/r1');

      expect(await store.changes.get('K7F3Q2')).toMatchObject({
        messageTs: '1700000000.000100',
        responseUrl: 'https://hooks.example/r1',
      });
      await store.close();
    });
  });

  describe(`${name}: audit log`, () => {
    const entry = {
      at: 1_000,
      userId: 'U1',
      channel: 'C1',
      commandText: 'purge https://www.example.com/a.js',
      action: 'purge',
      accountId: 'tencent-prod',
      domain: 'www.example.com',
      outcome: 'submitted',
      requestId: 'task-1',
      detail: null,
      changeId: null,
    };

    it('answers newest first, filtered by time, domain and user, with the total for paging', async () => {
      const { store } = await open();
      await store.audit.append(entry);
      await store.audit.append({ ...entry, at: 2_000, userId: 'U2' });
      await store.audit.append({ ...entry, at: 3_000, domain: 'static.example.com' });
      await store.audit.append({ ...entry, at: 500 });

      const all = await store.audit.query({ since: 1_000, limit: 10, offset: 0 });
      const byDomain = await store.audit.query({
        since: 0,
        domain: 'static.example.com',
        limit: 10,
        offset: 0,
      });
      const byUser = await store.audit.query({ since: 0, userId: 'U2', limit: 10, offset: 0 });
      const secondPage = await store.audit.query({ since: 0, limit: 2, offset: 2 });

      expect(all.entries.map((row) => row.at)).toEqual([3_000, 2_000, 1_000]);
      expect(byDomain.entries.map((row) => row.at)).toEqual([3_000]);
      expect(byUser.entries.map((row) => row.at)).toEqual([2_000]);
      expect([secondPage.total, secondPage.entries.map((row) => row.at)]).toEqual([4, [1_000, 500]]);
      await store.close();
    });
  });

  describe(`${name}: digests`, () => {
    it('stores added digests and lists them by name, "all" and lists of domains alike', async () => {
      const { store } = await open();
      const all = storedDigest({ name: 'all-domains', domains: 'all', metrics: ['flux'] });

      expect(await store.digests.add(storedDigest())).toBe(true);
      expect(await store.digests.add(all)).toBe(true);

      expect(await store.digests.list()).toEqual([all, storedDigest()]);
      expect(await store.digests.get('morning-traffic')).toEqual(storedDigest());
      expect(await store.digests.get('nope')).toBeUndefined();
      await store.close();
    });

    it('refuses a second digest of the same name and keeps the first', async () => {
      const { store } = await open();
      await store.digests.add(storedDigest());

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          store.digests.add(storedDigest({ channel: `C0OTHER00${index}` })),
        ),
      );

      expect(results.every((added) => added === false)).toBe(true);
      expect((await store.digests.get('morning-traffic'))?.channel).toBe('C0OPS00001');
      await store.close();
    });

    it('removes a digest once', async () => {
      const { store } = await open();
      await store.digests.add(storedDigest());

      const first = await store.digests.remove('morning-traffic');
      const second = await store.digests.remove('morning-traffic');

      expect([first, second]).toEqual([true, false]);
      expect(await store.digests.list()).toEqual([]);
      await store.close();
    });
  });

  describe(`${name}: digest run claims`, () => {
    it('lets exactly one of thirty concurrent claims of one run win', async () => {
      const { store } = await open();

      const results = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          store.digestRuns.claim({
            name: 'morning-traffic',
            dueAt: NINE_AM,
            claimedBy: `replica-${index}`,
            claimedAt: NINE_AM + index,
          }),
        ),
      );

      const winner = results.indexOf(true);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.digestRuns.get('morning-traffic', NINE_AM)).toEqual({
        name: 'morning-traffic',
        dueAt: NINE_AM,
        claimedBy: `replica-${winner}`,
        claimedAt: NINE_AM + winner,
        outcome: 'claimed',
        messageTs: null,
        detail: null,
        finishedAt: null,
      });
      await store.close();
    });

    it('keys a claim by digest and due time, so other runs and other digests are claimed independently', async () => {
      const { store } = await open();
      const claim = (digest: string, dueAt: number) =>
        store.digestRuns.claim({ name: digest, dueAt, claimedBy: 'replica-a', claimedAt: dueAt });

      const results = [
        await claim('morning-traffic', NINE_AM),
        await claim('morning-traffic', NINE_AM + 86_400_000),
        await claim('evening-traffic', NINE_AM),
        await claim('morning-traffic', NINE_AM),
      ];

      expect(results).toEqual([true, true, true, false]);
      await store.close();
    });

    it('records how a run ended, once, and lists the latest runs first', async () => {
      const { store } = await open();
      for (const dueAt of [NINE_AM, NINE_AM + 86_400_000]) {
        await store.digestRuns.claim({
          name: 'morning-traffic',
          dueAt,
          claimedBy: 'replica-a',
          claimedAt: dueAt,
        });
      }

      await store.digestRuns.finish('morning-traffic', NINE_AM, {
        outcome: 'partial',
        messageTs: '1700000000.000100',
        detail: 'no figures for cdn.example.cn',
        finishedAt: NINE_AM + 5_000,
      });
      await store.digestRuns.finish('morning-traffic', NINE_AM, {
        outcome: 'failed',
        messageTs: null,
        detail: 'late writer',
        finishedAt: NINE_AM + 9_000,
      });

      const runs = await store.digestRuns.recent('morning-traffic', 5);
      expect(runs.map((run) => [run.dueAt, run.outcome])).toEqual([
        [NINE_AM + 86_400_000, 'claimed'],
        [NINE_AM, 'partial'],
      ]);
      expect(runs[1]).toMatchObject({
        messageTs: '1700000000.000100',
        detail: 'no figures for cdn.example.cn',
        finishedAt: NINE_AM + 5_000,
      });
      expect(await store.digestRuns.recent('morning-traffic', 1)).toHaveLength(1);
      await store.close();
    });
  });

  describe(`${name}: durability`, () => {
    it('keeps requests and audit entries across a restart', async () => {
      const { store, reopen } = await open();
      if (!reopen) return;
      await store.changes.create(changeRequest());
      await store.audit.append({
        at: 1,
        userId: 'U1',
        channel: 'C1',
        commandText: 'offline www.example.com',
        action: 'offline',
        accountId: 'tencent-prod',
        domain: 'www.example.com',
        outcome: 'requested',
        requestId: null,
        detail: null,
        changeId: 'K7F3Q2',
      });
      await store.close();

      const again = await reopen();

      expect((await again.changes.get('K7F3Q2'))?.state).toBe('pending_approval');
      expect((await again.audit.query({ since: 0, limit: 5, offset: 0 })).total).toBe(1);
      await again.close();
    });

    it('keeps added digests and run claims across a restart, so a restarted process cannot claim a run again', async () => {
      const { store, reopen } = await open();
      if (!reopen) return;
      await store.digests.add(storedDigest());
      await store.digestRuns.claim({
        name: 'morning-traffic',
        dueAt: NINE_AM,
        claimedBy: 'replica-a',
        claimedAt: NINE_AM,
      });
      await store.close();

      const again = await reopen();

      expect(await again.digests.get('morning-traffic')).toEqual(storedDigest());
      expect(
        await again.digestRuns.claim({
          name: 'morning-traffic',
          dueAt: NINE_AM,
          claimedBy: 'replica-b',
          claimedAt: NINE_AM + 1,
        }),
      ).toBe(false);
      await again.close();
    });
  });
}
