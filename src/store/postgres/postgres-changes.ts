import { changeRequestFromRow } from '../rows.ts';
import type { ChangeRepository, ChangeRequest } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

const OPEN_STATES = ['awaiting_confirmation', 'pending_approval'];

/** jsonb columns arrive as values already. */
function fromRow(row: Record<string, unknown>): ChangeRequest {
  return changeRequestFromRow(row, (value) => value);
}

export function postgresChanges(pool: Queryable): ChangeRepository {
  return {
    async create(request) {
      await pool.query(
        `INSERT INTO change_requests (id, action, account_id, domain, requested_by, channel, command_text, plan, state,
           created_at, expires_at, decided_by, decided_at, message_ts, response_url, result)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16::jsonb)`,
        [
          request.id,
          request.action,
          request.accountId,
          request.domain,
          request.requestedBy,
          request.channel,
          request.commandText,
          // JSON text, never the value itself: pg would send a JS array as a PostgreSQL array literal.
          JSON.stringify(request.plan ?? null),
          request.state,
          request.createdAt,
          request.expiresAt,
          request.decidedBy,
          request.decidedAt,
          request.messageTs,
          request.responseUrl,
          request.result === null ? null : JSON.stringify(request.result),
        ],
      );
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM change_requests WHERE id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async transition(id, from, to, patch) {
      // One statement: the state check and the change cannot be separated by another writer, in this process or
      // another replica (the row lock makes a concurrent UPDATE re-check `state` once the first one commits).
      const { rows } = await pool.query(
        `UPDATE change_requests SET state = $3,
           decided_by = COALESCE($4, decided_by), decided_at = COALESCE($5, decided_at),
           result = COALESCE($6::jsonb, result)
         WHERE id = $1 AND state = ANY($2::text[]) RETURNING *`,
        [
          id,
          [...from],
          to,
          patch?.decidedBy ?? null,
          patch?.decidedAt ?? null,
          patch?.result === undefined ? null : JSON.stringify(patch.result),
        ],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async setMessage(id, messageTs, responseUrl) {
      await pool.query('UPDATE change_requests SET message_ts = $1, response_url = $2 WHERE id = $3', [
        messageTs ?? null,
        responseUrl ?? null,
        id,
      ]);
    },
    async failInterrupted(decidedBefore, result) {
      const { rows } = await pool.query(
        `UPDATE change_requests SET state = 'failed', result = $1::jsonb
         WHERE state = ANY($2::text[]) AND decided_at < $3 RETURNING *`,
        [JSON.stringify(result), ['approved', 'running'], decidedBefore],
      );
      return rows.map(fromRow);
    },
    async expireDue(now) {
      const { rows } = await pool.query(
        `UPDATE change_requests SET state = 'expired'
         WHERE state = ANY($1::text[]) AND expires_at <= $2 RETURNING *`,
        [OPEN_STATES, now],
      );
      return rows.map(fromRow);
    },
    async listOpen() {
      const { rows } = await pool.query(
        'SELECT * FROM change_requests WHERE state = ANY($1::text[]) ORDER BY created_at',
        [OPEN_STATES],
      );
      return rows.map(fromRow);
    },
  };
}
