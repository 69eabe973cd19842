import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The workflows capability's tables (Step Functions):
 * - `sfn_state_machines`: one row per machine, the definition text exactly as sent;
 * - `sfn_executions`: one row per execution, naming the definition it started with (an update of
 *   the machine never changes a running execution) by its hash in `sfn_definitions`, which keeps
 *   each distinct text once; the engine's commits only read the row (it carries the input, up to
 *   256 KiB, which an update would rewrite);
 * - `sfn_history`: the HistoryEvents, one row per engine commit holding that commit's events
 *   (ids `first_id`..`last_id`, contiguous) in a compact JSON form (`HistoryRow` in
 *   history-row.ts): a transition is two or three events, and a row each made the history the
 *   engine's main cost; `execution` is the execution's integer `seq`;
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
      deadline TEXT
    );

    CREATE INDEX sfn_executions_machine ON sfn_executions (machine_arn, start_date);
    CREATE INDEX sfn_executions_status ON sfn_executions (status);

    CREATE TABLE sfn_history (
      execution INTEGER NOT NULL,
      first_id INTEGER NOT NULL,
      last_id INTEGER NOT NULL,
      events TEXT NOT NULL,
      PRIMARY KEY (execution, first_id)
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
    // 2: an execution's definition is kept once per distinct text (`sfn_definitions`, by sha256)
    // instead of copied into every execution's row: a 1,000-state definition is ~40 KB, and it
    // was most of what starting and ending an execution wrote. Older rows keep their own copy.
    `
    CREATE TABLE sfn_definitions (
      hash TEXT PRIMARY KEY,
      definition TEXT NOT NULL
    );
    ALTER TABLE sfn_executions ADD COLUMN definition_hash TEXT;
    `,
  ],
};
