/**
 * Versioned schema changes, applied in order at start-up inside one transaction each. Never edit a released
 * migration: add the next version.
 */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'followed submissions',
    sql: `
      CREATE TABLE followed_submissions (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        ts TEXT,
        response_url TEXT,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        next_poll_at INTEGER NOT NULL,
        polls INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL
      );
      CREATE INDEX followed_submissions_due ON followed_submissions (state, next_poll_at);
    `,
  },
  {
    version: 2,
    name: 'change requests and audit log',
    sql: `
      CREATE TABLE change_requests (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        account_id TEXT NOT NULL,
        domain TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        channel TEXT NOT NULL,
        command_text TEXT NOT NULL,
        plan TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        decided_by TEXT,
        decided_at INTEGER,
        message_ts TEXT,
        response_url TEXT,
        result TEXT
      );
      CREATE INDEX change_requests_open ON change_requests (state, expires_at);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        command_text TEXT NOT NULL,
        action TEXT NOT NULL,
        account_id TEXT,
        domain TEXT,
        outcome TEXT NOT NULL,
        request_id TEXT,
        detail TEXT,
        change_id TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_domain ON audit_log (domain, at);
      CREATE INDEX audit_log_user ON audit_log (user_id, at);
    `,
  },
  {
    version: 3,
    name: 'digests and digest run claims',
    sql: `
      CREATE TABLE digests (
        name TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        schedule TEXT NOT NULL,
        domains TEXT NOT NULL,
        metrics TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE digest_runs (
        name TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        message_ts TEXT,
        detail TEXT,
        finished_at INTEGER,
        PRIMARY KEY (name, due_at)
      );
    `,
  },
  {
    version: 4,
    name: 'follow leases',
    sql: `
      ALTER TABLE followed_submissions ADD COLUMN lease_owner TEXT NULL;
      ALTER TABLE followed_submissions ADD COLUMN lease_until INTEGER NULL;
    `,
  },
  {
    version: 5,
    name: 'provider budgets',
    sql: `
      CREATE TABLE budgets (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'digest run leases',
    sql: `
      ALTER TABLE digest_runs ADD COLUMN lease_until INTEGER NULL;
    `,
  },
  {
    // A submission whose tasks ended stays active ('delivering') until Slack took its final message.
    version: 7,
    name: 'follow delivery',
    sql: `
      ALTER TABLE followed_submissions ADD COLUMN delivering_since INTEGER NULL;
    `,
  },
  {
    version: 8,
    name: 'slack delivery claims',
    sql: `
      CREATE TABLE slack_deliveries (
        key TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX slack_deliveries_expiry ON slack_deliveries (expires_at);
    `,
  },
  {
    // Tencent's limits are sliding windows of calls; a token bucket's burst would pass them (issue 21).
    version: 9,
    name: 'provider call windows',
    sql: `
      CREATE TABLE budget_windows (
        key TEXT PRIMARY KEY,
        calls TEXT NOT NULL
      );
    `,
  },
  {
    // One entry for the whole alerts feature (rules, mutes, evaluation claims, alerts, rule state).
    version: 10,
    name: 'watch rules and alerts',
    sql: `
      CREATE TABLE watches (
        name TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        rule TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE watch_mutes (
        name TEXT NOT NULL,
        domain TEXT NOT NULL,
        until INTEGER NOT NULL,
        muted_by TEXT NOT NULL,
        PRIMARY KEY (name, domain)
      );
      CREATE TABLE watch_evaluations (
        name TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        lease_until INTEGER NULL,
        outcome TEXT NOT NULL,
        message_ts TEXT,
        detail TEXT,
        finished_at INTEGER,
        PRIMARY KEY (name, due_at)
      );
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        channel TEXT NOT NULL,
        phase TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        resolved_at INTEGER,
        message_ts TEXT,
        acknowledged_by TEXT,
        state TEXT NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX alerts_started ON alerts (started_at);
      CREATE INDEX alerts_phase ON alerts (phase, name);
      CREATE TABLE watch_states (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        version INTEGER NOT NULL
      );
    `,
  },
];
