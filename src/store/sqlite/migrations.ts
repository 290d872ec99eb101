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
];
