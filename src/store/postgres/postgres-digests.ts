import { type DigestRepository, StoredDigest } from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

function fromRow(row: Record<string, unknown>): StoredDigest {
  return StoredDigest.parse({
    name: row.name,
    channel: row.channel,
    schedule: row.schedule,
    domains: row.domains,
    metrics: row.metrics,
    createdBy: row.created_by,
    createdAt: row.created_at,
  });
}

export function postgresDigests(pool: Queryable): DigestRepository {
  return {
    async add(digest) {
      const row = StoredDigest.parse(digest);
      // ON CONFLICT DO NOTHING: a name taken meanwhile (another replica, a double submit) leaves the first intact.
      const result = await pool.query(
        `INSERT INTO digests (name, channel, schedule, domains, metrics, created_by, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)
         ON CONFLICT (name) DO NOTHING RETURNING name`,
        [
          row.name,
          row.channel,
          row.schedule,
          JSON.stringify(row.domains),
          JSON.stringify(row.metrics),
          row.createdBy,
          row.createdAt,
        ],
      );
      return result.rows.length === 1;
    },
    async get(name) {
      const { rows } = await pool.query('SELECT * FROM digests WHERE name = $1', [name]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list() {
      // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
      const { rows } = await pool.query('SELECT * FROM digests ORDER BY name COLLATE "C"');
      return rows.map(fromRow);
    },
    async remove(name) {
      const result = await pool.query('DELETE FROM digests WHERE name = $1', [name]);
      return result.rowCount === 1;
    },
  };
}
