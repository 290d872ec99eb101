import type Database from 'better-sqlite3';
import { auditEntryFromRow } from '../rows.ts';
import { AuditEntry, type AuditRepository } from '../store.ts';

const EXPORT_PAGE = 500;

export function sqliteAudit(db: Database.Database): AuditRepository {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, user_id, channel, command_text, action, account_id, domain, outcome, request_id, detail, change_id)
     VALUES (@at, @userId, @channel, @commandText, @action, @accountId, @domain, @outcome, @requestId, @detail, @changeId)`,
  );
  // Keyset pages on (at, seq): each page starts after the last entry of the one before, however many there are.
  const page = db.prepare(
    `SELECT * FROM audit_log WHERE at >= @from AND at < @to AND (at > @afterAt OR (at = @afterAt AND seq > @afterSeq))
     ORDER BY at, seq LIMIT @limit`,
  );
  return {
    async *between({ from, to }) {
      let after = { afterAt: Number.MIN_SAFE_INTEGER, afterSeq: 0 };
      for (;;) {
        const rows = page.all({ from, to, ...after, limit: EXPORT_PAGE }) as Record<string, unknown>[];
        for (const row of rows) yield auditEntryFromRow(row);
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE) return;
        after = { afterAt: Number(last.at), afterSeq: Number(last.seq) };
      }
    },
    async append(entry) {
      insert.run(AuditEntry.parse(entry));
    },
    async query(query) {
      const where = ['at >= @since'];
      if (query.domain) where.push('domain = @domain');
      if (query.userId) where.push('user_id = @userId');
      const params = { since: query.since, domain: query.domain ?? null, userId: query.userId ?? null };
      const total = (
        db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE ${where.join(' AND ')}`).get(params) as {
          n: number;
        }
      ).n;
      const rows = db
        .prepare(
          `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: query.limit, offset: query.offset }) as Record<string, unknown>[];
      return {
        total,
        entries: rows.map((row) => auditEntryFromRow(row)),
      };
    },
  };
}
