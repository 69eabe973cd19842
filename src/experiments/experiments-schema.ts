import type { CapabilitySchema } from '../db/migrations.js';

/**
 * The experiments' one table: an inference experiment per row. The columns the catalog queries
 * on (endpoint, status, schedule) are their own; the rest of the record is JSON in `record`, since
 * nothing selects on it and SageMaker's shapes (variants, storage, a stop request) are nested.
 */
export const EXPERIMENTS_SCHEMA: CapabilitySchema = {
  capability: 'experiments',
  migrations: [
    `
    CREATE TABLE inference_experiments (
      name TEXT PRIMARY KEY,
      endpoint_name TEXT NOT NULL,
      status TEXT NOT NULL,
      start_time TEXT NOT NULL,
      end_time TEXT NOT NULL,
      record TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_modified_at TEXT NOT NULL
    );

    CREATE INDEX inference_experiments_endpoint ON inference_experiments (endpoint_name, status);
    `,
  ],
};
