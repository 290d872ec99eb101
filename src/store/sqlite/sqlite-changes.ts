import type Database from 'better-sqlite3';
import { changeRequestFromRow } from '../rows.ts';
import type { ChangeRepository, ChangeRequest, ChangeState } from '../store.ts';

const OPEN_STATES: readonly ChangeState[] = ['awaiting_confirmation', 'pending_approval'];

function toRow(request: ChangeRequest) {
  return {
    id: request.id,
    action: request.action,
    accountId: request.accountId,
    domain: request.domain,
    requestedBy: request.requestedBy,
    channel: request.channel,
    commandText: request.commandText,
    plan: JSON.stringify(request.plan ?? null),
    state: request.state,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt,
    messageTs: request.messageTs,
    responseUrl: request.responseUrl,
    result: request.result === null ? null : JSON.stringify(request.result),
  };
}

/** SQLite keeps JSON as text. */
function fromRow(row: Record<string, unknown>): ChangeRequest {
  return changeRequestFromRow(row, (value) => JSON.parse(String(value)));
}

export function sqliteChanges(db: Database.Database): ChangeRepository {
  const insert = db.prepare(
    `INSERT INTO change_requests (id, action, account_id, domain, requested_by, channel, command_text, plan, state,
       created_at, expires_at, decided_by, decided_at, message_ts, response_url, result)
     VALUES (@id, @action, @accountId, @domain, @requestedBy, @channel, @commandText, @plan, @state,
       @createdAt, @expiresAt, @decidedBy, @decidedAt, @messageTs, @responseUrl, @result)`,
  );
  const get = db.prepare('SELECT * FROM change_requests WHERE id = ?');
  const setMessage = db.prepare('UPDATE change_requests SET message_ts = ?, response_url = ? WHERE id = ?');
  const open = db.prepare(
    `SELECT * FROM change_requests WHERE state IN ('awaiting_confirmation', 'pending_approval') ORDER BY created_at`,
  );
  const expire = db.prepare(
    `UPDATE change_requests SET state = 'expired'
     WHERE state IN ('awaiting_confirmation', 'pending_approval') AND expires_at <= ? RETURNING *`,
  );

  const interrupted = db.prepare(
    `UPDATE change_requests SET state = 'failed', result = ?
     WHERE state IN ('approved', 'running') AND decided_at < ? RETURNING *`,
  );

  return {
    async create(request) {
      insert.run(toRow(request));
    },
    async get(id) {
      const row = get.get(id) as Record<string, unknown> | undefined;
      return row ? fromRow(row) : undefined;
    },
    async transition(id, from, to, patch) {
      // One statement: the state check and the change cannot be separated by another writer.
      const placeholders = from.map(() => '?').join(', ');
      const row = db
        .prepare(
          `UPDATE change_requests SET state = ?,
             decided_by = COALESCE(?, decided_by), decided_at = COALESCE(?, decided_at),
             result = COALESCE(?, result)
           WHERE id = ? AND state IN (${placeholders}) RETURNING *`,
        )
        .get(
          to,
          patch?.decidedBy ?? null,
          patch?.decidedAt ?? null,
          patch?.result === undefined ? null : JSON.stringify(patch.result),
          id,
          ...from,
        ) as Record<string, unknown> | undefined;
      return row ? fromRow(row) : undefined;
    },
    async setMessage(id, messageTs, responseUrl) {
      setMessage.run(messageTs ?? null, responseUrl ?? null, id);
    },
    async failInterrupted(decidedBefore, result) {
      return (interrupted.all(JSON.stringify(result), decidedBefore) as Record<string, unknown>[]).map(
        fromRow,
      );
    },
    async expireDue(now) {
      return (expire.all(now) as Record<string, unknown>[]).map(fromRow);
    },
    async listOpen() {
      return (open.all() as Record<string, unknown>[])
        .map(fromRow)
        .filter((row) => OPEN_STATES.includes(row.state));
    },
  };
}
