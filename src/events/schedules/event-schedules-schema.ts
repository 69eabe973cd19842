import type { CapabilitySchema } from '../../db/migrations.js';

/** The scheduler's one table: a row per schedule rule (`schedule-state.ts` says what each column means). */
export const EVENT_SCHEDULES_SCHEMA: CapabilitySchema = {
  capability: 'event-schedules',
  migrations: [
    `CREATE TABLE event_schedule_state (
      rule_arn TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      expression TEXT NOT NULL,
      anchor TEXT NOT NULL,
      through TEXT NOT NULL,
      last_fire TEXT
    );`,
  ],
};
