import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The principals capability's tables (docs/governance.md, "Principals and credentials"): users
 * and roles with their policies, access keys (the secret encrypted with the home's secrets key,
 * never in plain text), bearer tokens (a SHA-256 hash only). Keys and tokens name their principal;
 * deleting a principal deletes them in the same transaction. Append only: never edit a migration
 * that has shipped, add the next one.
 */
export const PRINCIPALS_SCHEMA: CapabilitySchema = {
  capability: 'principals',
  migrations: [
    `
    CREATE TABLE principals (
      name TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      arn TEXT NOT NULL UNIQUE,
      description TEXT,
      policies TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE principal_access_keys (
      access_key_id TEXT PRIMARY KEY,
      principal TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_used_at TEXT
    );
    CREATE INDEX principal_access_keys_principal ON principal_access_keys(principal, created_at);

    CREATE TABLE principal_tokens (
      id TEXT PRIMARY KEY,
      principal TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT
    );
    CREATE INDEX principal_tokens_principal ON principal_tokens(principal, created_at);
    `,
  ],
};
