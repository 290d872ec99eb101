import type Database from 'better-sqlite3';
import { byNextPoll, followedSubmissionFromRow } from '../rows.ts';
import type { FollowedSubmission, FollowRepository } from '../store.ts';

type Row = Record<string, unknown>;

/** Following or delivering: claimed, leased, renewed and released alike. */
const ACTIVE = `state IN ('following', 'delivering')`;

/** SQLite keeps JSON as text. */
function fromRow(row: Row): FollowedSubmission {
  return followedSubmissionFromRow(row, (value) => JSON.parse(String(value)));
}

export function sqliteFollows(db: Database.Database): FollowRepository {
  const statements = {
    add: db.prepare(
      `INSERT INTO followed_submissions (id, channel, ts, response_url, payload, created_at, next_poll_at, polls, state)
       VALUES (@id, @channel, @ts, @responseUrl, @payload, @createdAt, @nextPollAt, @polls, @state)`,
    ),
    due: db.prepare(
      `SELECT * FROM followed_submissions WHERE ${ACTIVE} AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?`,
    ),
    // One statement, so the choice and the lease cannot be separated: SQLite has one writer at a time, and a
    // second connection (another process on the same file) waits on busy_timeout, then sees the leases taken.
    claimDue: db.prepare(
      `UPDATE followed_submissions SET lease_owner = @owner, lease_until = @leaseUntil
       WHERE id IN (
         SELECT id FROM followed_submissions
         WHERE ${ACTIVE} AND next_poll_at <= @now
           AND (lease_until IS NULL OR lease_until <= @now OR lease_owner = @owner)
         ORDER BY next_poll_at, id LIMIT @limit)
       RETURNING *`,
    ),
    renew: db.prepare(
      `UPDATE followed_submissions SET lease_until = @leaseUntil
       WHERE id = @id AND lease_owner = @owner AND ${ACTIVE}`,
    ),
    nextDue: db.prepare(
      `SELECT MIN(MAX(next_poll_at, COALESCE(lease_until, next_poll_at))) AS at
       FROM followed_submissions WHERE ${ACTIVE}`,
    ),
    reschedule: db.prepare(
      `UPDATE followed_submissions
       SET next_poll_at = @nextPollAt, polls = @polls, payload = @payload, lease_owner = NULL, lease_until = NULL
       WHERE id = @id AND lease_owner = @owner AND state = 'following'`,
    ),
    // The lease stays with the holder: it makes the first attempt at once.
    startDelivery: db.prepare(
      `UPDATE followed_submissions
       SET state = 'delivering', payload = @payload, delivering_since = @at, next_poll_at = @at
       WHERE id = @id AND lease_owner = @owner AND state = 'following'`,
    ),
    retryDelivery: db.prepare(
      `UPDATE followed_submissions SET next_poll_at = @nextAttemptAt, lease_owner = NULL, lease_until = NULL
       WHERE id = @id AND lease_owner = @owner AND state = 'delivering'`,
    ),
    // lease_owner stays: it says which follower ended it.
    finish: db.prepare(
      `UPDATE followed_submissions SET state = @state, payload = @payload, lease_until = NULL
       WHERE id = @id AND lease_owner = @owner AND ${ACTIVE}`,
    ),
    releaseAll: db.prepare(
      `UPDATE followed_submissions SET lease_owner = NULL, lease_until = NULL
       WHERE ${ACTIVE} AND lease_owner = ?`,
    ),
    get: db.prepare(`SELECT * FROM followed_submissions WHERE id = ?`),
  };

  return {
    async add(submission) {
      statements.add.run({
        id: submission.id,
        channel: submission.channel,
        ts: submission.ts,
        responseUrl: submission.responseUrl,
        payload: JSON.stringify(submission.payload ?? null),
        createdAt: submission.createdAt,
        nextPollAt: submission.nextPollAt,
        polls: submission.polls,
        state: submission.state,
      });
    },
    async due(now, limit) {
      return (statements.due.all(now, limit) as Row[]).map(fromRow);
    },
    async claimDue(now, owner, leaseMs, limit) {
      const rows = statements.claimDue.all({ owner, leaseUntil: now + leaseMs, now, limit }) as Row[];
      return rows.map(fromRow).sort(byNextPoll);
    },
    async renew(id, owner, leaseUntil) {
      return statements.renew.run({ id, owner, leaseUntil }).changes === 1;
    },
    async nextDueAt() {
      const row = statements.nextDue.get() as { at: number | null };
      return row.at ?? undefined;
    },
    async reschedule(id, nextPollAt, polls, payload, owner) {
      const result = statements.reschedule.run({
        id,
        owner,
        nextPollAt,
        polls,
        payload: JSON.stringify(payload ?? null),
      });
      return result.changes === 1;
    },
    async startDelivery(id, payload, at, owner) {
      const result = statements.startDelivery.run({
        id,
        owner,
        at,
        payload: JSON.stringify(payload ?? null),
      });
      return result.changes === 1;
    },
    async retryDelivery(id, nextAttemptAt, owner) {
      return statements.retryDelivery.run({ id, owner, nextAttemptAt }).changes === 1;
    },
    async finish(id, state, payload, owner) {
      const result = statements.finish.run({ id, owner, state, payload: JSON.stringify(payload ?? null) });
      return result.changes === 1;
    },
    async releaseAll(owner) {
      return statements.releaseAll.run(owner).changes;
    },
    async get(id) {
      const row = statements.get.get(id) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
  };
}
