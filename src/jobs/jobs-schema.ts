import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The jobs' table: one row per (kind, name). Nested fields (request, transitions, result, tags)
 * are JSON text and times ISO text, so the same SQL serves SQLite and PostgreSQL; `status` is
 * indexed for the server's start-up query of unfinished jobs.
 */
export const JOBS_SCHEMA: CapabilitySchema = {
  capability: 'jobs',
  migrations: [
    `
    CREATE TABLE jobs (
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      request TEXT NOT NULL,
      status TEXT NOT NULL,
      secondary_status TEXT,
      transitions TEXT NOT NULL,
      failure_reason TEXT,
      run_id TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT,
      last_modified_at TEXT NOT NULL,
      result TEXT NOT NULL,
      tags TEXT NOT NULL,
      PRIMARY KEY (kind, name)
    );

    CREATE INDEX jobs_status ON jobs (status);
    `,
  ],
};
