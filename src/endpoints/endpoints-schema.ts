import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The endpoints' tables: models, endpoint configs and endpoints (desired state), plus one
 * counter row. Every endpoint change takes the counter's next value as its `generation`, so the
 * counter is the largest generation ever given and also moves on deletions: a reconciler reads
 * one row per tick to learn whether anything changed.
 */
export const ENDPOINTS_SCHEMA: CapabilitySchema = {
  capability: 'endpoints',
  migrations: [
    `
    CREATE TABLE endpoint_models (
      name TEXT PRIMARY KEY,
      containers TEXT NOT NULL,
      execution_role_arn TEXT,
      inference_mode TEXT NOT NULL,
      tags TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE endpoint_configs (
      name TEXT PRIMARY KEY,
      production_variants TEXT NOT NULL,
      shadow_variants TEXT NOT NULL,
      data_capture TEXT,
      tags TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE endpoints (
      name TEXT PRIMARY KEY,
      config_name TEXT NOT NULL,
      pending_config_name TEXT,
      status TEXT NOT NULL,
      failure_reason TEXT,
      variants TEXT NOT NULL,
      tags TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_modified_at TEXT NOT NULL,
      generation INTEGER NOT NULL
    );

    CREATE TABLE endpoint_generation (
      id INTEGER PRIMARY KEY,
      value INTEGER NOT NULL
    );

    INSERT INTO endpoint_generation (id, value) VALUES (1, 0);
    `,
    // Guarded rollouts: the last DeploymentConfig an endpoint was created or updated with, and
    // where a running update is (src/endpoints/rollout-records.ts), one row per endpoint.
    `
    ALTER TABLE endpoints ADD COLUMN deployment_config TEXT;

    CREATE TABLE endpoint_rollouts (
      endpoint_name TEXT PRIMARY KEY,
      progress TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    `,
  ],
};
