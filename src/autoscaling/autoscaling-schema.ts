import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The autoscaling capability's tables: scalable targets, scaling policies (their configuration as
 * JSON, the alarms a target-tracking policy made) and scaling activities. A target is keyed by
 * AWS's triple; a policy by the triple and its name. Activities keep the capacity they moved
 * from and to, which is all the engine needs to work out cooldowns. Append only.
 */
export const AUTOSCALING_SCHEMA: CapabilitySchema = {
  capability: 'autoscaling',
  migrations: [
    `
    CREATE TABLE scalable_targets (
      service_namespace TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      scalable_dimension TEXT NOT NULL,
      arn TEXT NOT NULL,
      min_capacity INTEGER NOT NULL,
      max_capacity INTEGER NOT NULL,
      role_arn TEXT NOT NULL,
      suspended TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (service_namespace, resource_id, scalable_dimension)
    );

    CREATE TABLE scaling_policies (
      service_namespace TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      scalable_dimension TEXT NOT NULL,
      name TEXT NOT NULL,
      arn TEXT NOT NULL,
      policy_type TEXT NOT NULL,
      configuration TEXT NOT NULL,
      alarms TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (service_namespace, resource_id, scalable_dimension, name)
    );

    CREATE TABLE scaling_activities (
      activity_id TEXT PRIMARY KEY,
      service_namespace TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      scalable_dimension TEXT NOT NULL,
      description TEXT NOT NULL,
      cause TEXT NOT NULL,
      status_code TEXT NOT NULL,
      status_message TEXT,
      start_time TEXT NOT NULL,
      end_time TEXT,
      from_capacity INTEGER NOT NULL,
      to_capacity INTEGER NOT NULL,
      policy_name TEXT
    );

    CREATE INDEX scaling_activities_by_target ON scaling_activities (resource_id, start_time);
    `,
  ],
};
