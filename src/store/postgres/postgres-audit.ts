import { auditEntryFromRow } from '../rows.ts';
import { AuditEntry, type AuditRepository } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

const EXPORT_PAGE = 500;

export function postgresAudit(pool: Queryable): AuditRepository {
  return {
    async *between({ from, to }) {
      // Keyset pages on (at, seq): each page starts after the last entry of the one before, however many there are.
      let after = [Number.MIN_SAFE_INTEGER, 0];
      for (;;) {
        const { rows } = await pool.query(
          `SELECT * FROM audit_log WHERE at >= $1::bigint AND at < $2::bigint AND (at, seq) > ($3::bigint, $4::bigint)
           ORDER BY at, seq LIMIT $5`,
          [from, to, ...after, EXPORT_PAGE],
        );
        for (const row of rows) yield auditEntryFromRow(row);
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE) return;
        after = [Number(last.at), Number(last.seq)];
      }
    },
    async append(entry) {
      const row = AuditEntry.parse(entry);
      await pool.query(
        `INSERT INTO audit_log (at, user_id, channel, command_text, action, account_id, domain, outcome, request_id,
           detail, change_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          row.at,
          row.userId,
          row.channel,
          row.commandText,
          row.action,
          row.accountId,
          row.domain,
          row.outcome,
          row.requestId,
          row.detail,
          row.changeId,
        ],
      );
    },
    async query(query) {
      const params: unknown[] = [query.since];
      const where = ['at >= $1'];
      if (query.domain) {
        params.push(query.domain);
        where.push(`domain = $${params.length}`);
      }
      if (query.userId) {
        params.push(query.userId);
        where.push(`user_id = $${params.length}`);
      }
      const filter = where.join(' AND ');
      const count = await pool.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM audit_log WHERE ${filter}`,
        params,
      );
      const { rows } = await pool.query(
        `SELECT * FROM audit_log WHERE ${filter} ORDER BY at DESC, seq DESC
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      );
      return {
        total: count.rows[0]?.n ?? 0,
        entries: rows.map((row: Record<string, unknown>) => auditEntryFromRow(row)),
      };
    },
  };
}
