import { byNextPoll, followedSubmissionFromRow } from '../rows.ts';
import type { FollowedSubmission, FollowRepository } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

/** Following or delivering: claimed, leased, renewed and released alike. */
const ACTIVE = `state IN ('following', 'delivering')`;

/** jsonb columns arrive as values already. */
function fromRow(row: Record<string, unknown>): FollowedSubmission {
  return followedSubmissionFromRow(row, (value) => value);
}

export function postgresFollows(pool: Queryable): FollowRepository {
  return {
    async add(submission) {
      await pool.query(
        `INSERT INTO followed_submissions (id, channel, ts, response_url, payload, created_at, next_poll_at, polls, state)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
        [
          submission.id,
          submission.channel,
          submission.ts,
          submission.responseUrl,
          JSON.stringify(submission.payload ?? null),
          submission.createdAt,
          submission.nextPollAt,
          submission.polls,
          submission.state,
        ],
      );
    },
    async due(now, limit) {
      const { rows } = await pool.query(
        `SELECT * FROM followed_submissions WHERE ${ACTIVE} AND next_poll_at <= $1
         ORDER BY next_poll_at LIMIT $2`,
        [now, limit],
      );
      return rows.map(fromRow);
    },
    async claimDue(now, owner, leaseMs, limit) {
      // SKIP LOCKED: a replica claiming at the same moment passes over the rows this one has locked instead of
      // waiting for them; a row it locks after this one committed is re-checked, finds the fresh lease and is left.
      // = ANY(ARRAY(...)) rather than IN (...): the planner may run an IN subquery again for every outer row (a
      // nested-loop semi join, which it picks on small tables); an array is computed once, before any row is leased.
      const { rows } = await pool.query(
        `UPDATE followed_submissions SET lease_owner = $1, lease_until = $2
         WHERE id = ANY(ARRAY(
           SELECT id FROM followed_submissions
           WHERE ${ACTIVE} AND next_poll_at <= $3
             AND (lease_until IS NULL OR lease_until <= $3 OR lease_owner = $1)
           ORDER BY next_poll_at, id LIMIT $4
           FOR UPDATE SKIP LOCKED))
         RETURNING *`,
        [owner, now + leaseMs, now, limit],
      );
      return rows.map(fromRow).sort(byNextPoll);
    },
    async renew(id, owner, leaseUntil) {
      const result = await pool.query(
        `UPDATE followed_submissions SET lease_until = $3
         WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE}`,
        [id, owner, leaseUntil],
      );
      return result.rowCount === 1;
    },
    async nextDueAt() {
      const { rows } = await pool.query<{ at: number | null }>(
        `SELECT MIN(GREATEST(next_poll_at, COALESCE(lease_until, next_poll_at))) AS at
         FROM followed_submissions WHERE ${ACTIVE}`,
      );
      return rows[0]?.at ?? undefined;
    },
    async reschedule(id, nextPollAt, polls, payload, owner) {
      const result = await pool.query(
        `UPDATE followed_submissions
         SET next_poll_at = $3, polls = $4, payload = $5::jsonb, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND state = 'following'`,
        [id, owner, nextPollAt, polls, JSON.stringify(payload ?? null)],
      );
      return result.rowCount === 1;
    },
    async startDelivery(id, payload, at, owner) {
      // The lease stays with the holder: it makes the first attempt at once.
      const result = await pool.query(
        `UPDATE followed_submissions
         SET state = 'delivering', payload = $3::jsonb, delivering_since = $4, next_poll_at = $4
         WHERE id = $1 AND lease_owner = $2 AND state = 'following'`,
        [id, owner, JSON.stringify(payload ?? null), at],
      );
      return result.rowCount === 1;
    },
    async retryDelivery(id, nextAttemptAt, owner) {
      const result = await pool.query(
        `UPDATE followed_submissions SET next_poll_at = $3, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND state = 'delivering'`,
        [id, owner, nextAttemptAt],
      );
      return result.rowCount === 1;
    },
    async finish(id, state, payload, owner) {
      // lease_owner stays: it says which follower ended it.
      const result = await pool.query(
        `UPDATE followed_submissions SET state = $3, payload = $4::jsonb, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND ${ACTIVE}`,
        [id, owner, state, JSON.stringify(payload ?? null)],
      );
      return result.rowCount === 1;
    },
    async releaseAll(owner) {
      const result = await pool.query(
        `UPDATE followed_submissions SET lease_owner = NULL, lease_until = NULL
         WHERE ${ACTIVE} AND lease_owner = $1`,
        [owner],
      );
      return result.rowCount ?? 0;
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM followed_submissions WHERE id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
  };
}
