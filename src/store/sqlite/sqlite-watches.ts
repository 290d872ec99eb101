import type Database from 'better-sqlite3';
import { alertColumns, alertFromRow } from '../rows.ts';
import {
  type AlertRepository,
  StoredWatch,
  WatchMute,
  type WatchMuteRepository,
  type WatchRepository,
  type WatchStateRepository,
} from '../store.ts';

type Row = Record<string, unknown>;

function watchFromRow(row: Row): StoredWatch {
  return StoredWatch.parse({
    name: row.name,
    channel: row.channel,
    rule: JSON.parse(String(row.rule)),
    createdBy: row.created_by,
    createdAt: row.created_at,
  });
}

export function sqliteWatches(db: Database.Database): WatchRepository {
  // ON CONFLICT DO NOTHING: a name taken meanwhile (another replica, a double submit) leaves the first one intact.
  const insert = db.prepare(
    `INSERT INTO watches (name, channel, rule, created_by, created_at)
     VALUES (@name, @channel, @rule, @createdBy, @createdAt) ON CONFLICT (name) DO NOTHING`,
  );
  const get = db.prepare('SELECT * FROM watches WHERE name = ?');
  const list = db.prepare('SELECT * FROM watches ORDER BY name');
  const remove = db.prepare('DELETE FROM watches WHERE name = ?');
  return {
    async add(watch) {
      const row = StoredWatch.parse(watch);
      return insert.run({ ...row, rule: JSON.stringify(row.rule) }).changes === 1;
    },
    async get(name) {
      const row = get.get(name) as Row | undefined;
      return row ? watchFromRow(row) : undefined;
    },
    async list() {
      return (list.all() as Row[]).map(watchFromRow);
    },
    async remove(name) {
      return remove.run(name).changes === 1;
    },
  };
}

export function sqliteWatchMutes(db: Database.Database): WatchMuteRepository {
  const upsert = db.prepare(
    `INSERT INTO watch_mutes (name, domain, until, muted_by) VALUES (@name, @domain, @until, @mutedBy)
     ON CONFLICT (name, domain) DO UPDATE SET until = excluded.until, muted_by = excluded.muted_by`,
  );
  const active = db.prepare('SELECT * FROM watch_mutes WHERE name = ? AND until > ? ORDER BY domain');
  return {
    async mute(mute) {
      upsert.run(WatchMute.parse(mute));
    },
    async active(name, now) {
      return (active.all(name, now) as Row[]).map((row) =>
        WatchMute.parse({ name: row.name, domain: row.domain, until: row.until, mutedBy: row.muted_by }),
      );
    },
  };
}

const readText = (value: unknown) => JSON.parse(String(value));

export function sqliteAlerts(db: Database.Database): AlertRepository {
  const open = db.prepare(
    `INSERT INTO alerts (id, name, channel, phase, started_at, state, version)
     VALUES (@id, @name, @channel, @phase, @startedAt, @state, 1) ON CONFLICT (id) DO NOTHING`,
  );
  const get = db.prepare('SELECT * FROM alerts WHERE id = ?');
  const firing = db.prepare(
    "SELECT * FROM alerts WHERE name = ? AND phase = 'firing' ORDER BY started_at DESC LIMIT 1",
  );
  const allFiring = db.prepare("SELECT * FROM alerts WHERE phase = 'firing' ORDER BY started_at, id");
  const recentAll = db.prepare('SELECT * FROM alerts WHERE started_at >= ? ORDER BY started_at DESC LIMIT ?');
  const recentOne = db.prepare(
    'SELECT * FROM alerts WHERE started_at >= ? AND name = ? ORDER BY started_at DESC LIMIT ?',
  );
  return {
    async open(alert) {
      return open.run({ ...alert, state: JSON.stringify(alert.state) }).changes === 1;
    },
    async get(id) {
      const row = get.get(id) as Row | undefined;
      return row ? alertFromRow(row, readText) : undefined;
    },
    async firing(name) {
      const row = firing.get(name) as Row | undefined;
      return row ? alertFromRow(row, readText) : undefined;
    },
    async allFiring() {
      return (allFiring.all() as Row[]).map((row) => alertFromRow(row, readText));
    },
    async update(id, version, patch) {
      const columns = alertColumns(patch);
      const sets = Object.keys(columns).map((column) => `${column} = @${column}`);
      const row = db
        .prepare(
          `UPDATE alerts SET ${[...sets, 'version = version + 1'].join(', ')}
           WHERE id = @id AND version = @version RETURNING *`,
        )
        .get({
          ...columns,
          ...('state' in columns ? { state: JSON.stringify(columns.state) } : {}),
          id,
          version,
        }) as Row | undefined;
      return row ? alertFromRow(row, readText) : undefined;
    },
    async recent(since, name, limit) {
      const rows = (
        name === undefined ? recentAll.all(since, limit) : recentOne.all(since, name, limit)
      ) as Row[];
      return rows.map((row) => alertFromRow(row, readText));
    },
  };
}

export function sqliteWatchStates(db: Database.Database): WatchStateRepository {
  const get = db.prepare('SELECT * FROM watch_states WHERE name = ?');
  const insert = db.prepare(
    'INSERT INTO watch_states (name, state, version) VALUES (?, ?, 1) ON CONFLICT (name) DO NOTHING',
  );
  const update = db.prepare(
    'UPDATE watch_states SET state = ?, version = version + 1 WHERE name = ? AND version = ?',
  );
  return {
    async get(name) {
      const row = get.get(name) as Row | undefined;
      return row ? { state: readText(row.state), version: Number(row.version) } : undefined;
    },
    async put(name, version, state) {
      const text = JSON.stringify(state);
      if (version === 0) return insert.run(name, text).changes === 1;
      return update.run(text, name, version).changes === 1;
    },
  };
}
