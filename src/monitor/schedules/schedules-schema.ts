import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The monitoring capability's tables. Each row keeps its whole record as JSON (`record`): SageMaker's
 * shapes are nested and nothing selects inside them; the columns queries filter or order on are
 * their own. An execution is unique per (schedule, scheduled time), so a period runs at most once.
 */
export const MONITORING_SCHEMA: CapabilitySchema = {
  capability: 'monitoring',
  migrations: [
    `
    CREATE TABLE monitoring_job_definitions (
      name TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      endpoint_name TEXT,
      record TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE monitoring_schedules (
      name TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      type TEXT NOT NULL,
      endpoint_name TEXT,
      definition_name TEXT,
      record TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_modified_at TEXT NOT NULL
    );

    CREATE TABLE monitoring_executions (
      id TEXT PRIMARY KEY,
      schedule_name TEXT NOT NULL,
      endpoint_name TEXT,
      status TEXT NOT NULL,
      scheduled_time TEXT NOT NULL,
      created_at TEXT NOT NULL,
      record TEXT NOT NULL,
      UNIQUE (schedule_name, scheduled_time)
    );

    CREATE INDEX monitoring_executions_status ON monitoring_executions (status);
    `,
  ],
};
