/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append only:
 * never edit a migration that has shipped, add the next one.
 */
export const MIGRATIONS: readonly string[] = [
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
    size INTEGER NOT NULL,
    files TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, step, name)
  );

  CREATE TABLE metrics (
    run_id TEXT NOT NULL,
    step TEXT NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, step, name)
  );

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    step TEXT,
    at TEXT NOT NULL,
    type TEXT NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX events_run ON events(run_id, id);

  CREATE TABLE model_package_groups (
    name TEXT PRIMARY KEY,
    description TEXT,
    created_at TEXT NOT NULL
  );

  CREATE TABLE model_packages (
    group_name TEXT NOT NULL REFERENCES model_package_groups(name),
    version INTEGER NOT NULL,
    model_uri TEXT NOT NULL,
    model_sha256 TEXT,
    approval_status TEXT NOT NULL,
    metrics TEXT,
    metrics_uri TEXT,
    run_id TEXT,
    step TEXT,
    description TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (group_name, version)
  );

  CREATE TABLE model_package_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT
  );
  `,
  // 2: how a registered model is served (SageMaker InferenceSpecification), as JSON.
  `ALTER TABLE model_packages ADD COLUMN inference TEXT;`,
];
