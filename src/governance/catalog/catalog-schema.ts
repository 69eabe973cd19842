import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The governance catalog's tables (docs/governance-design.md, "The model"). Database and table
 * names are kept lower-case, as the Glue Data Catalog keeps them; column names as the warehouse
 * reports them. Grants are stored in Lake Formation's own shapes (`resource` is the `Resource`
 * JSON as granted) beside a normalised key (`resource_key`, lf-resources.ts) that a repeated
 * grant merges on and a revoke finds. Append only: never edit a migration that has shipped.
 */
export const CATALOG_SCHEMA: CapabilitySchema = {
  capability: 'catalog',
  migrations: [
    `
    CREATE TABLE catalog_databases (
      name TEXT PRIMARY KEY,
      description TEXT,
      warehouse TEXT,
      location TEXT,
      created_at TEXT NOT NULL
    );

    CREATE TABLE catalog_tables (
      database_name TEXT NOT NULL,
      name TEXT NOT NULL,
      columns TEXT NOT NULL,
      location TEXT,
      format TEXT,
      warehouse TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (database_name, name)
    );

    CREATE TABLE catalog_locations (
      resource_arn TEXT PRIMARY KEY,
      role_arn TEXT,
      registered_at TEXT NOT NULL
    );

    CREATE TABLE catalog_grants (
      principal TEXT NOT NULL,
      resource_key TEXT NOT NULL,
      resource TEXT NOT NULL,
      permissions TEXT NOT NULL,
      grant_option TEXT NOT NULL,
      last_updated TEXT NOT NULL,
      last_updated_by TEXT NOT NULL,
      PRIMARY KEY (principal, resource_key)
    );
    CREATE INDEX catalog_grants_resource ON catalog_grants(resource_key);

    CREATE TABLE catalog_filters (
      database_name TEXT NOT NULL,
      table_name TEXT NOT NULL,
      name TEXT NOT NULL,
      row_filter TEXT,
      column_names TEXT,
      excluded_columns TEXT,
      version_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (database_name, table_name, name)
    );

    CREATE TABLE catalog_tag_keys (
      tag_key TEXT PRIMARY KEY,
      tag_values TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE catalog_tag_assignments (
      database_name TEXT NOT NULL,
      table_name TEXT NOT NULL,
      column_name TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_values TEXT NOT NULL,
      PRIMARY KEY (database_name, table_name, column_name, tag_key)
    );
    `,
  ],
};
