import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The workflow integrations' one table: the answer of each exactly-once call whose effect lives
 * in the same database (an event published on the outbox), keyed by the call's idempotency token.
 */
export const WORKFLOW_CALLS_SCHEMA: CapabilitySchema = {
  capability: 'workflow-calls',
  migrations: [
    `CREATE TABLE workflow_task_calls (
      token TEXT PRIMARY KEY,
      answer TEXT NOT NULL
    );`,
  ],
};
