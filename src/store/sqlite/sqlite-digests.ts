import type Database from 'better-sqlite3';
import { type DigestRepository, StoredDigest } from '../store.ts';

function fromRow(row: Record<string, unknown>): StoredDigest {
  return StoredDigest.parse({
    name: row.name,
    channel: row.channel,
    schedule: row.schedule,
    domains: JSON.parse(String(row.domains)),
    metrics: JSON.parse(String(row.metrics)),
    createdBy: row.created_by,
    createdAt: row.created_at,
  });
}

export function sqliteDigests(db: Database.Database): DigestRepository {
  // ON CONFLICT DO NOTHING: a name taken meanwhile (another replica, a double submit) leaves the first one intact.
  const insert = db.prepare(
    `INSERT INTO digests (name, channel, schedule, domains, metrics, created_by, created_at)
     VALUES (@name, @channel, @schedule, @domains, @metrics, @createdBy, @createdAt)
     ON CONFLICT (name) DO NOTHING`,
  );
  const get = db.prepare('SELECT * FROM digests WHERE name = ?');
  const list = db.prepare('SELECT * FROM digests ORDER BY name');
  const remove = db.prepare('DELETE FROM digests WHERE name = ?');

  return {
    async add(digest) {
      const row = StoredDigest.parse(digest);
      const result = insert.run({
        ...row,
        domains: JSON.stringify(row.domains),
        metrics: JSON.stringify(row.metrics),
      });
      return result.changes === 1;
    },
    async get(name) {
      const row = get.get(name) as Record<string, unknown> | undefined;
      return row ? fromRow(row) : undefined;
    },
    async list() {
      return (list.all() as Record<string, unknown>[]).map(fromRow);
    },
    async remove(name) {
      return remove.run(name).changes === 1;
    },
  };
}
