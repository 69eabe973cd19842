import type { CapabilitySchema } from '../db/migrations.js';

/** The registry's tables: groups, numbered versions, and the approval audit log. Append only. */
export const REGISTRY_SCHEMA: CapabilitySchema = {
  capability: 'registry',
  migrations: [
    `
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
      id {{serial}},
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
    'ALTER TABLE model_packages ADD COLUMN inference TEXT;',
    // 3: the model's descriptor (framework, format, version, signature) read at registration, as JSON.
    'ALTER TABLE model_packages ADD COLUMN descriptor TEXT;',
  ],
};
