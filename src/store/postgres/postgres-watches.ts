import { alertColumns, alertFromRow } from '../rows.ts';
import {
  type AlertRepository,
  StoredWatch,
  WatchMute,
  type WatchMuteRepository,
  type WatchRepository,
  type WatchStateRepository,
} from '../store.ts';
import type { Queryable } from './guarded-pool.ts';

type Row = Record<string, unknown>;
/** jsonb arrives parsed. */
const asIs = (value: unknown) => value;

function watchFromRow(row: Row): StoredWatch {
  return StoredWatch.parse({
    name: row.name,
    channel: row.channel,
    rule: row.rule,
    createdBy: row.created_by,
    createdAt: row.created_at,
  });
}

export function postgresWatches(pool: Queryable): WatchRepository {
  return {
    async add(watch) {
      const row = StoredWatch.parse(watch);
      // ON CONFLICT DO NOTHING: a name taken meanwhile (another replica, a double submit) leaves the first intact.
      const result = await pool.query(
        `INSERT INTO watches (name, channel, rule, created_by, created_at) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (name) DO NOTHING RETURNING name`,
        [row.name, row.channel, JSON.stringify(row.rule), row.createdBy, row.createdAt],
      );
      return result.rows.length === 1;
    },
    async get(name) {
      const { rows } = await pool.query('SELECT * FROM watches WHERE name = $1', [name]);
      return rows[0] ? watchFromRow(rows[0]) : undefined;
    },
    async list() {
      // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
      const { rows } = await pool.query('SELECT * FROM watches ORDER BY name COLLATE "C"');
      return rows.map(watchFromRow);
    },
    async remove(name) {
      const result = await pool.query('DELETE FROM watches WHERE name = $1', [name]);
      return result.rowCount === 1;
    },
  };
}

export function postgresWatchMutes(pool: Queryable): WatchMuteRepository {
  return {
    async mute(mute) {
      const row = WatchMute.parse(mute);
      await pool.query(
        `INSERT INTO watch_mutes (name, domain, until, muted_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name, domain) DO UPDATE SET until = EXCLUDED.until, muted_by = EXCLUDED.muted_by`,
        [row.name, row.domain, row.until, row.mutedBy],
      );
    },
    async active(name, now) {
      const { rows } = await pool.query(
        'SELECT * FROM watch_mutes WHERE name = $1 AND until > $2 ORDER BY domain COLLATE "C"',
        [name, now],
      );
      return rows.map((row) =>
        WatchMute.parse({ name: row.name, domain: row.domain, until: row.until, mutedBy: row.muted_by }),
      );
    },
  };
}

export function postgresAlerts(pool: Queryable): AlertRepository {
  return {
    async open(alert) {
      const { rows } = await pool.query(
        `INSERT INTO alerts (id, name, channel, phase, started_at, state, version)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [alert.id, alert.name, alert.channel, alert.phase, alert.startedAt, JSON.stringify(alert.state)],
      );
      return rows.length === 1;
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM alerts WHERE id = $1', [id]);
      return rows[0] ? alertFromRow(rows[0], asIs) : undefined;
    },
    async firing(name) {
      const { rows } = await pool.query(
        "SELECT * FROM alerts WHERE name = $1 AND phase = 'firing' ORDER BY started_at DESC LIMIT 1",
        [name],
      );
      return rows[0] ? alertFromRow(rows[0], asIs) : undefined;
    },
    async allFiring() {
      const { rows } = await pool.query(
        `SELECT * FROM alerts WHERE phase = 'firing' ORDER BY started_at, id COLLATE "C"`,
      );
      return rows.map((row) => alertFromRow(row, asIs));
    },
    async update(id, version, patch) {
      const columns = Object.entries(alertColumns(patch));
      const values = columns.map(([column, value]) => (column === 'state' ? JSON.stringify(value) : value));
      const sets = columns.map(([column], index) =>
        column === 'state' ? `state = $${index + 3}::jsonb` : `${column} = $${index + 3}`,
      );
      // The row lock and READ COMMITTED's re-check of the WHERE clause let exactly one of concurrent writers win.
      const { rows } = await pool.query(
        `UPDATE alerts SET ${[...sets, 'version = version + 1'].join(', ')}
         WHERE id = $1 AND version = $2 RETURNING *`,
        [id, version, ...values],
      );
      return rows[0] ? alertFromRow(rows[0], asIs) : undefined;
    },
    async recent(since, name, limit) {
      const { rows } =
        name === undefined
          ? await pool.query(
              'SELECT * FROM alerts WHERE started_at >= $1 ORDER BY started_at DESC LIMIT $2',
              [since, limit],
            )
          : await pool.query(
              'SELECT * FROM alerts WHERE started_at >= $1 AND name = $2 ORDER BY started_at DESC LIMIT $3',
              [since, name, limit],
            );
      return rows.map((row) => alertFromRow(row, asIs));
    },
  };
}

export function postgresWatchStates(pool: Queryable): WatchStateRepository {
  return {
    async get(name) {
      const { rows } = await pool.query('SELECT * FROM watch_states WHERE name = $1', [name]);
      return rows[0] ? { state: rows[0].state, version: Number(rows[0].version) } : undefined;
    },
    async put(name, version, state) {
      const text = JSON.stringify(state);
      const { rows } =
        version === 0
          ? await pool.query(
              `INSERT INTO watch_states (name, state, version) VALUES ($1, $2::jsonb, 1)
               ON CONFLICT (name) DO NOTHING RETURNING name`,
              [name, text],
            )
          : await pool.query(
              `UPDATE watch_states SET state = $2::jsonb, version = version + 1
               WHERE name = $1 AND version = $3 RETURNING name`,
              [name, text, version],
            );
      return rows.length === 1;
    },
  };
}
