import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The workflows capability's tables (Step Functions):
 * - `sfn_state_machines`: one row per machine, the definition text exactly as sent;
 * - `sfn_executions`: one row per execution, with the definition it started with (an update of
 *   the machine never changes a running execution) and `next_event` (the next history event id);
 * - `sfn_history`: the HistoryEvents, keyed by (execution, id), where `execution` is the
 *   execution's `seq`: an integer key keeps the busiest table's rows and index small (every
 *   transition writes two or three rows);
 * - `sfn_frames`: the engine's durable progress, one row per thread of an execution (the top
 *   level, each running Parallel branch and Map iteration), written in the same transaction as
 *   the history events that describe the move, and deleted when the thread ends;
 * - `sfn_task_tokens`: `.waitForTaskToken` tokens, settled once by any process.
 */
export const WORKFLOWS_SCHEMA: CapabilitySchema = {
  capability: 'workflows',
  migrations: [
    `
    CREATE TABLE sfn_state_machines (
      arn TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      definition TEXT NOT NULL,
      role_arn TEXT NOT NULL,
      type TEXT NOT NULL,
      tags TEXT NOT NULL,
      revision_id TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE sfn_executions (
      seq {{serial}},
      arn TEXT NOT NULL UNIQUE,
      machine_arn TEXT NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL,
      definition TEXT NOT NULL,
      role_arn TEXT NOT NULL,
      input TEXT NOT NULL,
      output TEXT,
      error TEXT,
      cause TEXT,
      parent_arn TEXT,
      start_date TEXT NOT NULL,
      stop_date TEXT,
      deadline TEXT,
      next_event INTEGER NOT NULL
    );

    CREATE INDEX sfn_executions_machine ON sfn_executions (machine_arn, start_date);
    CREATE INDEX sfn_executions_status ON sfn_executions (status);

    CREATE TABLE sfn_history (
      execution INTEGER NOT NULL,
      id INTEGER NOT NULL,
      previous_id INTEGER NOT NULL,
      at TEXT NOT NULL,
      type TEXT NOT NULL,
      details TEXT,
      PRIMARY KEY (execution, id)
    );

    CREATE TABLE sfn_frames (
      execution INTEGER NOT NULL,
      frame TEXT NOT NULL,
      progress TEXT NOT NULL,
      PRIMARY KEY (execution, frame)
    );

    CREATE TABLE sfn_task_tokens (
      token TEXT PRIMARY KEY,
      execution_arn TEXT NOT NULL,
      state_name TEXT NOT NULL,
      status TEXT NOT NULL,
      output TEXT,
      error TEXT,
      cause TEXT,
      heartbeat_at TEXT,
      created_at TEXT NOT NULL,
      settled_at TEXT
    );

    CREATE INDEX sfn_task_tokens_execution ON sfn_task_tokens (execution_arn);
    `,
  ],
};
