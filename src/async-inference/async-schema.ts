import type { CapabilitySchema } from '../db/migrations.js';

/**
 * Asynchronous inference's one table: the durable queue. A row lives from acceptance until its
 * result is written and its notification published (`finish` deletes it with the event in one
 * transaction), so the table holds only the backlog. `seq` orders requests as they were accepted;
 * the index serves the workers' claims per endpoint and status. Inline bodies (≤ 128,000 bytes)
 * are base64 text, so one column type serves SQLite and PostgreSQL. `lease_until` is epoch
 * milliseconds, so a claim can set it from each row's own timeout in portable SQL.
 */
export const ASYNC_SCHEMA: CapabilitySchema = {
  capability: 'async-inference',
  migrations: [
    `
    CREATE TABLE async_requests (
      seq {{serial}},
      id TEXT NOT NULL UNIQUE,
      inference_id TEXT NOT NULL,
      endpoint_name TEXT NOT NULL,
      input_location TEXT,
      body TEXT,
      content_type TEXT NOT NULL,
      accept TEXT,
      custom_attributes TEXT,
      output_location TEXT NOT NULL,
      failure_location TEXT NOT NULL,
      notification TEXT NOT NULL,
      received_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      invocation_timeout_seconds INTEGER NOT NULL,
      status TEXT NOT NULL,
      owner TEXT,
      lease_until BIGINT,
      attempts INTEGER NOT NULL
    );

    CREATE INDEX async_requests_endpoint ON async_requests (endpoint_name, status, seq);
    `,
  ],
};
