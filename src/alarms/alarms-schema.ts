import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The alarms capability's tables. `alarms` holds one row per metric alarm: its definition as
 * JSON (read whole, never queried by field) beside the state columns an evaluation rewrites, and
 * a `version` every write bumps, so an evaluation that read an older state writes nothing (a
 * concurrent PutMetricAlarm or SetAlarmState wins). `alarm_history` is CloudWatch's alarm
 * history, kept two weeks, also after the alarm is deleted. Times are epoch milliseconds.
 */
export const ALARMS_SCHEMA: CapabilitySchema = {
  capability: 'alarms',
  migrations: [
    `
    CREATE TABLE alarms (
      name TEXT PRIMARY KEY,
      definition TEXT NOT NULL,
      state TEXT NOT NULL,
      state_reason TEXT NOT NULL,
      state_reason_data TEXT,
      state_updated_at BIGINT NOT NULL,
      configuration_updated_at BIGINT NOT NULL,
      version BIGINT NOT NULL
    );

    CREATE TABLE alarm_history (
      seq {{serial}},
      alarm_name TEXT NOT NULL,
      at BIGINT NOT NULL,
      type TEXT NOT NULL,
      summary TEXT NOT NULL,
      data TEXT NOT NULL
    );

    CREATE INDEX alarm_history_name ON alarm_history (alarm_name, at);
    CREATE INDEX alarm_history_at ON alarm_history (at);
    `,
  ],
};
