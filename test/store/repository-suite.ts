/**
 * The behaviour every Store implementation must have, written once and run against each backend (SQLite now,
 * PostgreSQL later), so replicas can rely on the same guarantees whichever database holds the state.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRequest, NewFollowedSubmission, Store, StoredDigest } from '../../src/store/store.ts';

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

export function followedSubmission(overrides: Partial<NewFollowedSubmission> = {}): NewFollowedSubmission {
  return {
    id: 'sub-1',
    channel: 'C0OPS00001',
    ts: '1700000000.000100',
    responseUrl: null,
    payload: { operation: 'purge', accounts: [] },
    createdAt: 500,
    nextPollAt: 1_000,
    polls: 0,
    state: 'following',
    ...overrides,
  };
}

const NINE_AM = Date.UTC(2026, 10, 23, 1, 0, 0);

/** The store and two more opened on the same database, standing in for three replicas; or just the one. */
async function replicas(open: () => Promise<{ store: Store; reopen?: () => Promise<Store> }>) {
  const { store, reopen } = await open();
  const all = reopen ? [store, await reopen(), await reopen()] : [store];
  return { store, all, close: () => Promise.all(all.map((each) => each.close())) };
}

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
            leaseUntil: NINE_AM + 60_000,
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
        leaseUntil: NINE_AM + 60_000,
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
        store.digestRuns.claim({
          name: digest,
          dueAt,
          claimedBy: 'replica-a',
          claimedAt: dueAt,
          leaseUntil: dueAt + 60_000,
        });

      const results = [
        await claim('morning-traffic', NINE_AM),
        await claim('morning-traffic', NINE_AM + 86_400_000),
        await claim('evening-traffic', NINE_AM),
        await claim('morning-traffic', NINE_AM),
      ];

      expect(results).toEqual([true, true, true, false]);
      await store.close();
    });

    it('lets exactly one of thirty concurrent callers take over a run whose holder stopped renewing', async () => {
      const { store } = await open();
      const run = { name: 'morning-traffic', dueAt: NINE_AM };
      await store.digestRuns.claim({
        ...run,
        claimedBy: 'died',
        claimedAt: NINE_AM,
        leaseUntil: NINE_AM + 60_000,
      });

      const early = await store.digestRuns.takeOver(run.name, run.dueAt, {
        claimedBy: 'too-early',
        claimedAt: NINE_AM + 59_000,
        leaseUntil: NINE_AM + 119_000,
        now: NINE_AM + 59_000,
      });
      expect(early).toBeUndefined();
      expect(await store.digestRuns.abandoned(NINE_AM + 59_000, NINE_AM)).toEqual([]);
      expect(await store.digestRuns.abandoned(NINE_AM + 61_000, NINE_AM)).toMatchObject([
        { claimedBy: 'died' },
      ]);
      expect(await store.digestRuns.abandoned(NINE_AM + 61_000, NINE_AM + 1)).toEqual([]);

      const takers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          store.digestRuns.takeOver(run.name, run.dueAt, {
            claimedBy: `replica-${index}`,
            claimedAt: NINE_AM + 61_000,
            leaseUntil: NINE_AM + 121_000,
            now: NINE_AM + 61_000,
          }),
        ),
      );
      const won = takers.filter((taken) => taken !== undefined);
      expect(won).toHaveLength(1);
      expect(await store.digestRuns.renew(run.name, run.dueAt, 'died', NINE_AM + 200_000)).toBe(false);
      expect(await store.digestRuns.renew(run.name, run.dueAt, won[0]!.claimedBy, NINE_AM + 200_000)).toBe(
        true,
      );
      await store.close();
    });

    it('keeps the posted message of a run being posted, and lets a released claim be taken over at once', async () => {
      const { store } = await open();
      const run = { name: 'morning-traffic', dueAt: NINE_AM };
      await store.digestRuns.claim({
        ...run,
        claimedBy: 'a',
        claimedAt: NINE_AM,
        leaseUntil: NINE_AM + 60_000,
      });

      await store.digestRuns.recordPosted(run.name, run.dueAt, 'someone-else', '1.1');
      await store.digestRuns.recordPosted(run.name, run.dueAt, 'a', '1700000000.000100');
      await store.digestRuns.release(run.name, run.dueAt, 'a', NINE_AM + 1_000);
      const taken = await store.digestRuns.takeOver(run.name, run.dueAt, {
        claimedBy: 'b',
        claimedAt: NINE_AM + 1_000,
        leaseUntil: NINE_AM + 61_000,
        now: NINE_AM + 1_000,
      });

      expect(taken).toMatchObject({ claimedBy: 'b', outcome: 'claimed', messageTs: '1700000000.000100' });
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
          leaseUntil: dueAt + 60_000,
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

  describe(`${name}: followed submissions`, () => {
    it('stores a new submission unleased and finds it when its poll is due', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());

      expect(await store.follows.get('sub-1')).toEqual({
        ...followedSubmission(),
        leaseOwner: null,
        leaseUntil: null,
      });
      expect((await store.follows.due(999, 10)).map((row) => row.id)).toEqual([]);
      expect((await store.follows.due(1_000, 10)).map((row) => row.id)).toEqual(['sub-1']);
      expect(await store.follows.nextDueAt()).toBe(1_000);
      await store.close();
    });

    it('claims the oldest due polls first, and neither ended nor future ones', async () => {
      const { store } = await open();
      for (const [id, nextPollAt] of [
        ['c', 3_000],
        ['a', 1_000],
        ['later', 9_000],
        ['b', 2_000],
        ['d', 4_000],
      ] as const) {
        await store.follows.add(followedSubmission({ id, nextPollAt }));
      }
      await store.follows.add(followedSubmission({ id: 'ended', nextPollAt: 0, state: 'finished' }));

      const claimed = await store.follows.claimDue(5_000, 'replica-a', 60_000, 3);

      expect(claimed.map((row) => [row.id, row.leaseOwner, row.leaseUntil])).toEqual([
        ['a', 'replica-a', 65_000],
        ['b', 'replica-a', 65_000],
        ['c', 'replica-a', 65_000],
      ]);
      expect((await store.follows.claimDue(5_000, 'replica-b', 60_000, 10)).map((row) => row.id)).toEqual([
        'd',
      ]);
      await store.close();
    });

    it('gives each due submission to exactly one of many concurrent claimers across replicas', async () => {
      const { store, all, close } = await replicas(open);
      const ids = Array.from({ length: 30 }, (_, index) => `sub-${String(index).padStart(2, '0')}`);
      for (const [index, id] of ids.entries()) {
        await store.follows.add(followedSubmission({ id, nextPollAt: 1_000 + index }));
      }

      const claims: { owner: string; ids: string[] }[] = [];
      // Fresh owners every round: an owner may claim again what it already holds, which is not a second claimer.
      for (let round = 0; round < 30; round += 1) {
        const owners = Array.from({ length: 6 }, (_, index) => `replica-${round}-${index}`);
        const results = await Promise.all(
          owners.map((owner, index) => all[index % all.length]!.follows.claimDue(5_000, owner, 60_000, 4)),
        );
        for (const [index, rows] of results.entries()) {
          expect(rows.every((row) => row.leaseOwner === owners[index])).toBe(true);
          claims.push({ owner: owners[index]!, ids: rows.map((row) => row.id) });
        }
        if (results.every((rows) => rows.length === 0)) break;
      }

      const claimed = claims.flatMap((claim) => claim.ids);
      expect(claimed.toSorted()).toEqual(ids);
      for (const claim of claims.filter((each) => each.ids.length > 0)) {
        expect((await store.follows.get(claim.ids[0]!))?.leaseOwner).toBe(claim.owner);
      }
      await close();
    });

    it('lets another replica take over once a lease runs out unrenewed, and only the holder finish', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());
      await store.follows.claimDue(1_000, 'replica-a', 500, 10);

      const whileHeld = await store.follows.claimDue(1_200, 'replica-b', 500, 10);
      const renewed = await store.follows.renew('sub-1', 'replica-a', 2_000);
      const whileRenewed = await store.follows.claimDue(1_600, 'replica-b', 500, 10);
      const takenOver = await store.follows.claimDue(2_000, 'replica-b', 500, 10);

      expect([whileHeld, renewed, whileRenewed]).toEqual([[], true, []]);
      expect(takenOver.map((row) => [row.id, row.leaseOwner, row.leaseUntil])).toEqual([
        ['sub-1', 'replica-b', 2_500],
      ]);
      expect(await store.follows.renew('sub-1', 'replica-a', 3_000)).toBe(false);
      expect(await store.follows.reschedule('sub-1', 9_000, 1, { stale: true }, 'replica-a')).toBe(false);
      expect(await store.follows.finish('sub-1', 'finished', { by: 'a' }, 'replica-a')).toBe(false);
      expect(await store.follows.finish('sub-1', 'finished', { by: 'b' }, 'replica-b')).toBe(true);
      expect(await store.follows.finish('sub-1', 'gave_up', { by: 'b' }, 'replica-b')).toBe(false);
      expect(await store.follows.renew('sub-1', 'replica-b', 3_000)).toBe(false);
      expect(await store.follows.get('sub-1')).toMatchObject({
        state: 'finished',
        payload: { by: 'b' },
        polls: 0,
        leaseOwner: 'replica-b',
        leaseUntil: null,
      });
      expect(await store.follows.nextDueAt()).toBeUndefined();
      await store.close();
    });

    it('finishes once however many holders of stale claims try at once', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());
      await store.follows.claimDue(1_000, 'replica-a', 500, 10);
      await store.follows.claimDue(1_500, 'replica-b', 500, 10);

      const results = await Promise.all(
        ['replica-a', 'replica-b', 'replica-a', 'replica-b'].map((owner) =>
          store.follows.finish('sub-1', 'finished', { by: owner }, owner),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.follows.get('sub-1'))?.payload).toEqual({ by: 'replica-b' });
      await store.close();
    });

    it('reschedules only for the holder, and releases the lease so any replica takes the next poll', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());
      await store.follows.claimDue(1_000, 'replica-a', 60_000, 10);

      expect(await store.follows.reschedule('sub-1', 5_000, 1, { poll: 1 }, 'replica-b')).toBe(false);
      expect((await store.follows.get('sub-1'))?.nextPollAt).toBe(1_000);
      expect(await store.follows.reschedule('sub-1', 5_000, 1, { poll: 1 }, 'replica-a')).toBe(true);

      expect(await store.follows.get('sub-1')).toMatchObject({
        nextPollAt: 5_000,
        polls: 1,
        payload: { poll: 1 },
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await store.follows.claimDue(4_999, 'replica-b', 60_000, 10)).toEqual([]);
      expect((await store.follows.claimDue(5_000, 'replica-b', 60_000, 10)).map((row) => row.id)).toEqual([
        'sub-1',
      ]);
      await store.close();
    });

    it("releases every lease of one owner at shutdown and leaves others' alone", async () => {
      const { store } = await open();
      for (const [index, id] of ['a', 'b', 'c'].entries()) {
        await store.follows.add(followedSubmission({ id, nextPollAt: 1_000 + index }));
      }
      await store.follows.claimDue(2_000, 'replica-a', 60_000, 2);
      await store.follows.claimDue(2_000, 'replica-b', 60_000, 10);

      expect(await store.follows.releaseAll('replica-a')).toBe(2);
      expect(await store.follows.releaseAll('replica-a')).toBe(0);

      const claimed = await store.follows.claimDue(2_000, 'replica-c', 60_000, 10);
      expect(claimed.map((row) => row.id)).toEqual(['a', 'b']);
      expect((await store.follows.get('c'))?.leaseOwner).toBe('replica-b');
      await store.close();
    });

    it('keeps a submission whose tasks ended active while its final message is delivered, under the lease', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());
      await store.follows.claimDue(1_000, 'replica-a', 60_000, 10);

      const starts = await Promise.all([
        store.follows.startDelivery('sub-1', { final: true }, 2_000, 'replica-b'),
        store.follows.startDelivery('sub-1', { final: true }, 2_000, 'replica-a'),
      ]);
      const again = await store.follows.startDelivery('sub-1', { final: 'again' }, 2_000, 'replica-a');
      expect(starts).toEqual([false, true]);
      expect(again).toBe(false);
      expect(await store.follows.get('sub-1')).toMatchObject({
        state: 'delivering',
        payload: { final: true },
        nextPollAt: 2_000,
        deliveringSince: 2_000,
        leaseOwner: 'replica-a',
        leaseUntil: 61_000,
      });
      // Still active: held by its deliverer, renewed like a poll, never rescheduled as one.
      expect(await store.follows.claimDue(2_000, 'replica-b', 60_000, 10)).toEqual([]);
      expect(await store.follows.renew('sub-1', 'replica-a', 62_000)).toBe(true);
      expect(await store.follows.reschedule('sub-1', 9_000, 1, { stale: true }, 'replica-a')).toBe(false);

      // A failed attempt: only the holder schedules the next one, and gives the lease up.
      expect(await store.follows.retryDelivery('sub-1', 12_000, 'replica-b')).toBe(false);
      expect(await store.follows.retryDelivery('sub-1', 12_000, 'replica-a')).toBe(true);
      expect(await store.follows.get('sub-1')).toMatchObject({
        state: 'delivering',
        payload: { final: true },
        nextPollAt: 12_000,
        deliveringSince: 2_000,
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await store.follows.nextDueAt()).toBe(12_000);
      expect((await store.follows.due(12_000, 10)).map((row) => row.id)).toEqual(['sub-1']);
      expect(await store.follows.claimDue(11_999, 'replica-b', 60_000, 10)).toEqual([]);

      // Any replica makes the next attempt; delivered, it finishes once.
      const retaken = await store.follows.claimDue(12_000, 'replica-b', 60_000, 10);
      expect(retaken.map((row) => [row.id, row.state, row.leaseOwner])).toEqual([
        ['sub-1', 'delivering', 'replica-b'],
      ]);
      expect(await store.follows.finish('sub-1', 'finished', { final: true }, 'replica-a')).toBe(false);
      expect(await store.follows.finish('sub-1', 'finished', { final: true }, 'replica-b')).toBe(true);
      expect(await store.follows.retryDelivery('sub-1', 20_000, 'replica-b')).toBe(false);
      expect(await store.follows.get('sub-1')).toMatchObject({ state: 'finished', deliveringSince: 2_000 });
      expect(await store.follows.nextDueAt()).toBeUndefined();
      await store.close();
    });

    it('releases the leases of submissions being delivered at shutdown too', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission());
      await store.follows.claimDue(1_000, 'replica-a', 60_000, 10);
      await store.follows.startDelivery('sub-1', { final: true }, 1_000, 'replica-a');

      expect(await store.follows.releaseAll('replica-a')).toBe(1);

      const claimed = await store.follows.claimDue(1_000, 'replica-b', 60_000, 10);
      expect(claimed.map((row) => [row.id, row.state])).toEqual([['sub-1', 'delivering']]);
      await store.close();
    });

    it('says the next claim is due when a lease held elsewhere runs out, not at its overdue poll', async () => {
      const { store } = await open();
      await store.follows.add(followedSubmission({ id: 'held', nextPollAt: 1_000 }));
      await store.follows.add(followedSubmission({ id: 'free', nextPollAt: 8_000 }));
      await store.follows.claimDue(1_000, 'replica-a', 5_000, 10);

      expect(await store.follows.nextDueAt()).toBe(6_000);

      await store.follows.reschedule('held', 3_000, 1, {}, 'replica-a');
      expect(await store.follows.nextDueAt()).toBe(3_000);
      await store.close();
    });
  });

  describe(`${name}: provider budgets`, () => {
    const negligibleRefill = { capacity: 10, refillPerSecond: 1e-9 };

    it('grants exactly the capacity to fifty concurrent takers across replicas', async () => {
      const { all, close } = await replicas(open);

      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          all[index % all.length]!.budgets.take('tencent-prod:PurgeUrlsCache', negligibleRefill, NINE_AM),
        ),
      );

      expect(results.filter((result) => result.granted)).toHaveLength(10);
      for (const refusal of results.filter((result) => !result.granted)) {
        expect(refusal.retryAfterMs).toBeGreaterThanOrEqual(1);
      }
      await close();
    });

    it('refills with time up to the capacity, and says how long until the next token', async () => {
      const { store } = await open();
      const bucket = { capacity: 2, refillPerSecond: 1 };
      const take = async (at: number) => store.budgets.take('k', bucket, at);

      expect([await take(0), await take(0), await take(0)]).toEqual([
        { granted: true, retryAfterMs: 0 },
        { granted: true, retryAfterMs: 0 },
        { granted: false, retryAfterMs: 1_000 },
      ]);
      expect(await take(400)).toEqual({ granted: false, retryAfterMs: 600 });
      expect((await take(1_000)).granted).toBe(true);
      expect(await take(1_250)).toEqual({ granted: false, retryAfterMs: 750 });
      // An hour idle refills two tokens, not 3,600.
      const afterIdle = [await take(3_601_000), await take(3_601_000), await take(3_601_000)];
      expect(afterIdle.map((result) => result.granted)).toEqual([true, true, false]);
      await store.close();
    });

    it('refills nothing for a taker whose clock is behind the last one', async () => {
      const { store } = await open();
      const bucket = { capacity: 2, refillPerSecond: 1 };
      const take = async (at: number) => store.budgets.take('k', bucket, at);

      await take(10_000);
      const behind = await take(5_000);
      const emptyBehind = await take(5_000);
      const halfway = await take(10_500);
      const refilled = await take(11_000);

      expect(behind.granted).toBe(true);
      expect(emptyBehind).toEqual({ granted: false, retryAfterMs: 6_000 });
      expect(halfway).toEqual({ granted: false, retryAfterMs: 500 });
      expect(refilled.granted).toBe(true);
      await store.close();
    });

    it('keeps a bucket per key', async () => {
      const { store } = await open();
      const bucket = { capacity: 1, refillPerSecond: 1 };

      const results = [
        await store.budgets.take('tencent-prod:PurgeUrlsCache', bucket, 0),
        await store.budgets.take('tencent-prod:PushUrlsCache', bucket, 0),
        await store.budgets.take('wangsu-prod:PurgeUrlsCache', bucket, 0),
        await store.budgets.take('tencent-prod:PurgeUrlsCache', bucket, 0),
      ];

      expect(results.map((result) => result.granted)).toEqual([true, true, true, false]);
      await store.close();
    });

    it('grants exactly the window’s limit to fifty concurrent callers across replicas', async () => {
      const { all, close } = await replicas(open);
      const window = { limit: 20, windowMs: 1_000, holdMs: 11_000 };

      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          all[index % all.length]!.budgets.takeCall('tencent/prod/DescribeCdnData', window, NINE_AM, {
            id: `call-${index}`,
            taker: `replica-${index % all.length}`,
          }),
        ),
      );

      expect(results.filter((result) => result.granted)).toHaveLength(20);
      for (const refusal of results.filter((result) => !result.granted)) {
        expect(refusal.retryAfterMs).toBeGreaterThanOrEqual(1);
      }
      await close();
    });

    it('counts a call in flight until its hold lapses, and an answered one a window after its answer', async () => {
      const { store } = await open();
      const window = { limit: 2, windowMs: 1_000, holdMs: 10_000 };
      const call = (id: string) => ({ id, taker: 'replica-1' });
      const take = (at: number, id: string) => store.budgets.takeCall('k', window, at, call(id));

      expect((await take(0, 'a')).granted).toBe(true);
      expect((await take(0, 'b')).granted).toBe(true);
      // Both in flight: nobody knows when a place frees, so the answer is to ask again soon.
      const inFlight = await take(5_000, 'c');
      expect(inFlight.granted).toBe(false);
      expect(inFlight.retryAfterMs).toBeLessThan(1_000);
      await store.budgets.releaseCall('k', call('a'), 5_000 + window.windowMs);
      expect(await take(5_400, 'c')).toEqual({ granted: false, retryAfterMs: 600 });
      expect((await take(6_000, 'c')).granted).toBe(true);
      // `b` was never answered: it lapses 10 s after its grant.
      await store.budgets.releaseCall('k', call('c'), 6_000 + window.windowMs);
      expect((await take(7_000, 'd')).granted).toBe(true);
      expect((await take(7_000, 'e')).granted).toBe(false);
      expect((await take(10_000, 'e')).granted).toBe(true);
      // Releasing an id the window no longer holds changes nothing.
      await store.budgets.releaseCall('k', call('gone'), 0);
      await store.close();
    });

    it('counts another replica’s answered call the skew margin longer than one of the taker’s own', async () => {
      const { all, close } = await replicas(open);
      const [first, second] = [all[0]!, all.at(-1)!];
      const window = { limit: 1, windowMs: 1_000, skewMarginMs: 20, holdMs: 11_000 };
      const mine = { id: 'a', taker: 'replica-1' };
      expect((await first.budgets.takeCall('k', window, 0, mine)).granted).toBe(true);
      // Stored as every other replica must see it: the answer, the window and the margin.
      await first.budgets.releaseCall('k', mine, 100 + 1_000 + 20);

      // Another replica's clock may be behind the one that wrote 1,120: it waits until then.
      const theirs = { id: 'b', taker: 'replica-2' };
      expect(await second.budgets.takeCall('k', window, 1_100, theirs)).toEqual({
        granted: false,
        retryAfterMs: 20,
      });
      // The replica that answered reads the time on its own clock: a window after the answer is enough.
      expect(
        (await first.budgets.takeCall('k', window, 1_100, { id: 'c', taker: 'replica-1' })).granted,
      ).toBe(true);
      await close();
    });

    it('refuses call names that would not fit the stored row', async () => {
      const { store } = await open();
      const window = { limit: 1, windowMs: 1_000, holdMs: 11_000 };
      await expect(store.budgets.takeCall('k', window, 0, { id: 'a"b', taker: 'r' })).rejects.toThrow();
      await expect(store.budgets.takeCall('k', window, 0, { id: 'a', taker: 'r s' })).rejects.toThrow();
      await store.close();
    });

    it('refuses a bucket that could never refill', async () => {
      const { store } = await open();

      await expect(store.budgets.take('k', { capacity: 10, refillPerSecond: 0 }, 0)).rejects.toThrow();
      await expect(store.budgets.take('k', { capacity: 0, refillPerSecond: 1 }, 0)).rejects.toThrow();
      await store.close();
    });
  });

  describe(`${name}: watch rules and alerts`, () => {
    const rule = { name: 'errors', channel: 'C0OPS00001', domains: 'all', when: '5xx > 2%', forMs: 600_000 };

    it('adds a rule once, lists it, and removes it', async () => {
      const { store, all, close } = await replicas(open);
      const watch = { name: 'errors', channel: 'C0OPS00001', rule, createdBy: 'U1', createdAt: NINE_AM };

      const added = await Promise.all(all.map((each) => each.watches.add(watch)));

      expect(added.filter(Boolean)).toHaveLength(1);
      expect(await store.watches.list()).toEqual([watch]);
      expect(await store.watches.remove('errors')).toBe(true);
      expect(await store.watches.get('errors')).toBeUndefined();
      await close();
    });

    it('keeps a mute until it runs out, one per rule and domain', async () => {
      const { store, close } = await replicas(open);

      await store.watchMutes.mute({ name: 'errors', domain: '*', until: NINE_AM + 1_000, mutedBy: 'U1' });
      await store.watchMutes.mute({ name: 'errors', domain: '*', until: NINE_AM + 5_000, mutedBy: 'U2' });

      expect(await store.watchMutes.active('errors', NINE_AM + 2_000)).toEqual([
        { name: 'errors', domain: '*', until: NINE_AM + 5_000, mutedBy: 'U2' },
      ]);
      expect(await store.watchMutes.active('errors', NINE_AM + 5_000)).toEqual([]);
      await close();
    });

    it('opens an alert once and lets one of several writers of the same version change it', async () => {
      const { store, all, close } = await replicas(open);
      const alert = {
        id: `errors:${NINE_AM}`,
        name: 'errors',
        channel: 'C0OPS00001',
        phase: 'firing' as const,
        startedAt: NINE_AM,
        state: { domains: ['a.example.com'] },
      };

      const opened = await Promise.all(all.map((each) => each.alerts.open(alert)));
      const written = await Promise.all(
        all.map((each, index) => each.alerts.update(alert.id, 1, { messageTs: `1.${index}` })),
      );

      expect(opened.filter(Boolean)).toHaveLength(1);
      expect(written.filter(Boolean)).toHaveLength(1);
      expect(await store.alerts.firing('errors')).toMatchObject({ version: 2, state: alert.state });
      const resolved = await store.alerts.update(alert.id, 2, {
        phase: 'resolved',
        resolvedAt: NINE_AM + 1,
        acknowledgedBy: 'U1',
        state: { domains: [] },
      });
      expect(resolved).toMatchObject({
        phase: 'resolved',
        acknowledgedBy: 'U1',
        version: 3,
        state: { domains: [] },
      });
      expect(await store.alerts.firing('errors')).toBeUndefined();
      expect(await store.alerts.recent(NINE_AM, 'errors', 5)).toHaveLength(1);
      expect(await store.alerts.recent(NINE_AM + 1, undefined, 5)).toEqual([]);
      await close();
    });

    it('claims each (rule, interval) evaluation once, apart from digest runs of the same name', async () => {
      const { store, all, close } = await replicas(open);
      const claim = { name: 'errors', dueAt: NINE_AM, claimedAt: NINE_AM, leaseUntil: NINE_AM + 60_000 };

      const won = await Promise.all(
        all.map((each, index) => each.watchEvaluations.claim({ ...claim, claimedBy: `r${index}` })),
      );

      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.digestRuns.claim({ ...claim, claimedBy: 'digest' })).toBe(true);
      await close();
    });

    it('writes a rule state only over the version it read', async () => {
      const { store, close } = await replicas(open);

      expect(await store.watchStates.put('errors', 0, { a: 1 })).toBe(true);
      expect(await store.watchStates.put('errors', 0, { a: 2 })).toBe(false);
      expect(await store.watchStates.put('errors', 1, { a: 3 })).toBe(true);
      expect(await store.watchStates.put('errors', 1, { a: 4 })).toBe(false);
      expect(await store.watchStates.get('errors')).toEqual({ state: { a: 3 }, version: 2 });
      await close();
    });
  });

  describe(`${name}: Slack delivery claims`, () => {
    const key = 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778';
    const FIFTEEN_MINUTES = 15 * 60_000;

    it('lets exactly one of thirty concurrent claims of one delivery win, across replicas', async () => {
      const { all, close } = await replicas(open);

      const results = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          all[index % all.length]!.deliveries.claim(key, NINE_AM + index, NINE_AM + FIFTEEN_MINUTES),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      await close();
    });

    it('keeps a claim per key until it runs out, then lets the key be claimed again', async () => {
      const { store } = await open();
      const claim = (which: string, at: number) => store.deliveries.claim(which, at, at + FIFTEEN_MINUTES);

      const results = [
        await claim(key, NINE_AM),
        await claim('another-delivery', NINE_AM),
        await claim(key, NINE_AM + FIFTEEN_MINUTES),
        await claim(key, NINE_AM + FIFTEEN_MINUTES + 1),
        await claim(key, NINE_AM + FIFTEEN_MINUTES + 2),
      ];

      expect(results).toEqual([true, true, false, true, false]);
      await store.close();
    });

    it('forgets only the claims that ran out, so the table stays small', async () => {
      const { store } = await open();
      await store.deliveries.claim('old-1', NINE_AM, NINE_AM + 1_000);
      await store.deliveries.claim('old-2', NINE_AM, NINE_AM + 2_000);
      await store.deliveries.claim('fresh', NINE_AM, NINE_AM + FIFTEEN_MINUTES);

      const pruned = await store.deliveries.prune(NINE_AM + 60_000);
      const prunedAgain = await store.deliveries.prune(NINE_AM + 60_000);

      expect([pruned, prunedAgain]).toEqual([2, 0]);
      expect(
        await store.deliveries.claim('fresh', NINE_AM + 60_000, NINE_AM + 60_000 + FIFTEEN_MINUTES),
      ).toBe(false);
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

    it('keeps Slack delivery claims across a restart, so a restarted process cannot take a delivery again', async () => {
      const { store, reopen } = await open();
      if (!reopen) return;
      expect(await store.deliveries.claim('delivery', NINE_AM, NINE_AM + 900_000)).toBe(true);
      await store.close();

      const again = await reopen();

      expect(await again.deliveries.claim('delivery', NINE_AM + 60_000, NINE_AM + 960_000)).toBe(false);
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
        leaseUntil: NINE_AM + 60_000,
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
          leaseUntil: NINE_AM + 60_001,
        }),
      ).toBe(false);
      await again.close();
    });
  });
}
