import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The pipelines' tables: SageMaker pipelines (the current version inline), every version's
 * definition, and executions (each one a run of the runs capability, by id).
 */
export const PIPELINES_SCHEMA: CapabilitySchema = {
  capability: 'pipelines',
  migrations: [
    `
    CREATE TABLE sm_pipelines (
      name TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      description TEXT,
      role_arn TEXT NOT NULL,
      max_parallel_steps INTEGER,
      tags TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      last_modified_at TEXT NOT NULL
    );

    CREATE TABLE sm_pipeline_versions (
      pipeline TEXT NOT NULL,
      version INTEGER NOT NULL,
      definition TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (pipeline, version)
    );

    CREATE TABLE sm_pipeline_executions (
      pipeline TEXT NOT NULL,
      run_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      display_name TEXT NOT NULL,
      description TEXT,
      parameters TEXT NOT NULL,
      client_request_token TEXT,
      max_parallel_steps INTEGER,
      stop_requested INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      last_modified_at TEXT NOT NULL,
      PRIMARY KEY (pipeline, run_id)
    );

    CREATE UNIQUE INDEX sm_pipeline_executions_token ON sm_pipeline_executions (pipeline, client_request_token);
    `,
    // Callback steps' tokens: one per (run, step) at a time, settled once.
    `
    CREATE TABLE sm_callbacks (
      token TEXT PRIMARY KEY,
      run_id TEXT NOT NULL,
      step TEXT NOT NULL,
      status TEXT NOT NULL,
      output_parameters TEXT NOT NULL,
      failure_reason TEXT,
      created_at TEXT NOT NULL,
      settled_at TEXT
    );

    CREATE UNIQUE INDEX sm_callbacks_step ON sm_callbacks (run_id, step);
    `,
  ],
};
