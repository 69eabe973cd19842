import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The lineage capability's tables (lineage-records.ts): entities of the four kinds in one table,
 * and associations keyed by their two ends, indexed both ways so a walk up or down is an index
 * lookup per step. Append only: never edit a migration that has shipped, add the next one.
 */
export const LINEAGE_SCHEMA: CapabilitySchema = {
  capability: 'lineage',
  migrations: [
    `
    CREATE TABLE lineage_entities (
      arn TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      display_name TEXT,
      type TEXT NOT NULL,
      source_uri TEXT,
      digest TEXT,
      source_id TEXT,
      status TEXT,
      description TEXT,
      properties TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      modified_at TEXT NOT NULL
    );
    CREATE INDEX lineage_entities_kind ON lineage_entities(kind, created_at, arn);
    CREATE INDEX lineage_entities_source_uri ON lineage_entities(source_uri);
    CREATE INDEX lineage_entities_digest ON lineage_entities(digest);

    CREATE TABLE lineage_associations (
      source_arn TEXT NOT NULL,
      destination_arn TEXT NOT NULL,
      type TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (source_arn, destination_arn)
    );
    CREATE INDEX lineage_associations_destination ON lineage_associations(destination_arn, source_arn);
    `,
    // 2: lineage for everything recorded before this capability existed (runs, models, endpoints,
    // jobs, monitors, BigQuery ML models), from each capability's own tables.
    {
      describe: 'backfill lineage from the records already there',
      run: async (tx) => (await import('./lineage-backfills.js')).backfillLineage(tx),
    },
  ],
};
