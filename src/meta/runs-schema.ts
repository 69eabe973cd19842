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
    // `runs list` reads the newest runs. Without an index it read every run's row to sort them,
    // and in SQLite a column stored after the IR (started_at, ended_at) is reached by walking the
    // IR's overflow pages: ~220 ms for 200 runs of 1,000 steps. These indexes hold every listed
    // column but `error`, which is NULL (read from the row header alone) unless a run failed.
    `
    CREATE INDEX runs_started ON runs(started_at, id, pipeline, status, pid, host, ended_at);
    DROP INDEX runs_pipeline;
    CREATE INDEX runs_pipeline_started ON runs(pipeline, started_at, id, status, pid, host, ended_at);
    `,
    // 3: who started the run (approval rules may refuse the run's author as its model's approver).
    'ALTER TABLE runs ADD COLUMN started_by TEXT;',
    // 4: `godwit runs delete`'s tombstones (src/runs/run-deletions.ts). A table of its own, not a
    // column: one added after `ir` would send `runs list` through the IR's overflow pages (see 2).
    // A deleted run keeps its rows, so lineage, the registry's producing run and audits stay true.
    `
    CREATE TABLE run_deletions (
      run_id TEXT PRIMARY KEY,
      deleted_at TEXT NOT NULL,
      deleted_by TEXT NOT NULL,
      reason TEXT
    );
    CREATE INDEX run_deletions_at ON run_deletions(deleted_at, run_id);
    `,
  ],
};
