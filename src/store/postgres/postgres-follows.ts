import type pg from 'pg';
import { FollowedSubmission, type FollowRepository } from '../store.ts';

function fromRow(row: Record<string, unknown>): FollowedSubmission {
  return FollowedSubmission.parse({
    id: row.id,
    channel: row.channel,
    ts: row.ts,
    responseUrl: row.response_url,
    payload: row.payload,
    createdAt: row.created_at,
    nextPollAt: row.next_poll_at,
    polls: row.polls,
    state: row.state,
  });
}

export function postgresFollows(pool: pg.Pool): FollowRepository {
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
        `SELECT * FROM followed_submissions WHERE state = 'following' AND next_poll_at <= $1
         ORDER BY next_poll_at LIMIT $2`,
        [now, limit],
      );
      return rows.map(fromRow);
    },
    async nextDueAt() {
      const { rows } = await pool.query<{ at: number | null }>(
        `SELECT MIN(next_poll_at) AS at FROM followed_submissions WHERE state = 'following'`,
      );
      return rows[0]?.at ?? undefined;
    },
    async reschedule(id, nextPollAt, polls, payload) {
      await pool.query(
        `UPDATE followed_submissions SET next_poll_at = $1, polls = $2, payload = $3::jsonb
         WHERE id = $4 AND state = 'following'`,
        [nextPollAt, polls, JSON.stringify(payload ?? null), id],
      );
    },
    async finish(id, state, payload) {
      await pool.query(
        `UPDATE followed_submissions SET state = $1, payload = $2::jsonb WHERE id = $3 AND state = 'following'`,
        [state, JSON.stringify(payload ?? null), id],
      );
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM followed_submissions WHERE id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
  };
}
