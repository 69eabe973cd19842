import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The runs capability's tables: runs, steps, attempts, artifacts, metrics and the run's own
 * event log. Append only: never edit a migration that has shipped, add the next one.
 */
export const RUNS_SCHEMA: CapabilitySchema = {
  capability: 'runs',
  migrations: [
    `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      pipeline TEXT NOT NULL,
      status TEXT NOT NULL,
      ir TEXT NOT NULL,
      parameters TEXT NOT NULL,
      pipeline_file TEXT,
      base_dir TEXT NOT NULL,
      run_dir TEXT NOT NULL,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      started_at TEXT NOT NULL,
      ended_at TEXT,
      error TEXT,
      resumes INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_pipeline ON runs(pipeline, started_at);

    CREATE TABLE steps (
      run_id TEXT NOT NULL REFERENCES runs(id),
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      status TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      cache_key TEXT,
      cached_from TEXT,
      reason TEXT,
      outcome TEXT,
      PRIMARY KEY (run_id, name)
    );
    CREATE INDEX steps_cache ON steps(cache_key, status, ended_at);

    CREATE TABLE attempts (
      run_id TEXT NOT NULL,
      step TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL,
      started_at TEXT NOT NULL,
      ended_at TEXT,
      exit_code INTEGER,
      failure_kind TEXT,
      error TEXT,
      log_path TEXT,
      PRIMARY KEY (run_id, step, attempt)
    );

    CREATE TABLE artifacts (
      run_id TEXT NOT NULL,
      step TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      uri TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size BIGINT NOT NULL,
      files TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, step, name)
    );

    CREATE TABLE metrics (
      run_id TEXT NOT NULL,
      step TEXT NOT NULL,
      name TEXT NOT NULL,
      value DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (run_id, step, name)
    );

    CREATE TABLE events (
      id {{serial}},
      run_id TEXT NOT NULL,
      step TEXT,
      at TEXT NOT NULL,
      type TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX events_run ON events(run_id, id);
    `,
  ],
};
