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
    // 4: governance. SageMaker's ModelMetrics (report files and their digests), tags, customer
    // metadata and the model card as JSON; who registered and last changed a version; the audit
    // log's kind and hash chain; each group's approval rules.
    `
    ALTER TABLE model_packages ADD COLUMN model_metrics TEXT;
    ALTER TABLE model_packages ADD COLUMN tags TEXT;
    ALTER TABLE model_packages ADD COLUMN customer_metadata TEXT;
    ALTER TABLE model_packages ADD COLUMN model_card TEXT;
    ALTER TABLE model_packages ADD COLUMN created_by TEXT;
    ALTER TABLE model_packages ADD COLUMN last_modified_by TEXT;
    ALTER TABLE model_packages ADD COLUMN last_modified_at TEXT;
    ALTER TABLE model_package_audit ADD COLUMN kind TEXT;
    ALTER TABLE model_package_audit ADD COLUMN prev_hash TEXT;
    ALTER TABLE model_package_audit ADD COLUMN hash TEXT;
    CREATE INDEX model_package_audit_version ON model_package_audit (group_name, version, id);

    CREATE TABLE model_group_rules (
      group_name TEXT PRIMARY KEY,
      rules TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    );
    `,
    // 5: the rows written before the hash chain are chained, and who registered each version is
    // read from its first row (audit-chain.ts). Skipped on a new database: nothing to chain.
    {
      describe: 'chain the approval audit log written before the chain',
      run: async (tx) => (await import('./audit-chain.js')).chainExisting(tx),
    },
    // 6: the audit log is append-only: triggers refuse UPDATE and DELETE (db/dialect.ts).
    '{{append_only:model_package_audit}}',
  ],
};
