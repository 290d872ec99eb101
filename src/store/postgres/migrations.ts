/**
 * The SQLite migrations' versions in PostgreSQL's dialect: epoch milliseconds as BIGINT, JSON as JSONB. Applied in
 * order at start-up, all in one transaction behind an advisory lock, so replicas starting together migrate once.
 * Never edit a released migration: add the next version, here and in ../sqlite/migrations.ts alike.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'followed submissions',
    sql: `
      CREATE TABLE followed_submissions (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        ts TEXT,
        response_url TEXT,
        payload JSONB NOT NULL,
        created_at BIGINT NOT NULL,
        next_poll_at BIGINT NOT NULL,
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
        plan JSONB NOT NULL,
        state TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        decided_by TEXT,
        decided_at BIGINT,
        message_ts TEXT,
        response_url TEXT,
        result JSONB
      );
      CREATE INDEX change_requests_open ON change_requests (state, expires_at);
      CREATE TABLE audit_log (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
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
        domains JSONB NOT NULL,
        metrics JSONB NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE digest_runs (
        name TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at BIGINT NOT NULL,
        outcome TEXT NOT NULL,
        message_ts TEXT,
        detail TEXT,
        finished_at BIGINT,
        PRIMARY KEY (name, due_at)
      );
    `,
  },
  {
    version: 4,
    name: 'follow leases',
    sql: `
      ALTER TABLE followed_submissions ADD COLUMN lease_owner TEXT NULL, ADD COLUMN lease_until BIGINT NULL;
    `,
  },
  {
    version: 5,
    name: 'provider budgets',
    sql: `
      CREATE TABLE budgets (
        key TEXT PRIMARY KEY,
        tokens DOUBLE PRECISION NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'digest run leases',
    sql: `
      ALTER TABLE digest_runs ADD COLUMN lease_until BIGINT NULL;
    `,
  },
  {
    // A submission whose tasks ended stays active ('delivering') until Slack took its final message.
    version: 7,
    name: 'follow delivery',
    sql: `
      ALTER TABLE followed_submissions ADD COLUMN delivering_since BIGINT NULL;
    `,
  },
  {
    version: 8,
    name: 'slack delivery claims',
    sql: `
      CREATE TABLE slack_deliveries (
        key TEXT PRIMARY KEY,
        claimed_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
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
        calls JSONB NOT NULL
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
        rule JSONB NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE watch_mutes (
        name TEXT NOT NULL,
        domain TEXT NOT NULL,
        until BIGINT NOT NULL,
        muted_by TEXT NOT NULL,
        PRIMARY KEY (name, domain)
      );
      CREATE TABLE watch_evaluations (
        name TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at BIGINT NOT NULL,
        lease_until BIGINT NULL,
        outcome TEXT NOT NULL,
        message_ts TEXT,
        detail TEXT,
        finished_at BIGINT,
        PRIMARY KEY (name, due_at)
      );
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        channel TEXT NOT NULL,
        phase TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        resolved_at BIGINT,
        message_ts TEXT,
        acknowledged_by TEXT,
        state JSONB NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX alerts_started ON alerts (started_at);
      CREATE INDEX alerts_phase ON alerts (phase, name);
      CREATE TABLE watch_states (
        name TEXT PRIMARY KEY,
        state JSONB NOT NULL,
        version INTEGER NOT NULL
      );
    `,
  },
];
