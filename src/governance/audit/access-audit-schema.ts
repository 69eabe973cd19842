import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The access log (capability `access_audit`): one row per access decision, allowed or denied,
 * never updated nor deleted (`{{append_only:…}}`: the database itself refuses UPDATE, DELETE and,
 * on PostgreSQL, TRUNCATE). Indexed for `godwit audit`'s filters, newest first. Append only: never
 * edit a migration that has shipped, add the next one.
 */
export const ACCESS_AUDIT_SCHEMA: CapabilitySchema = {
  capability: 'access_audit',
  migrations: [
    `
    CREATE TABLE access_log (
      id {{serial}},
      at TEXT NOT NULL,
      principal TEXT NOT NULL,
      action TEXT NOT NULL,
      resource TEXT NOT NULL,
      decision TEXT NOT NULL,
      detail TEXT,
      via TEXT NOT NULL
    );
    CREATE INDEX access_log_at ON access_log(at, id);
    CREATE INDEX access_log_principal ON access_log(principal, id);
    CREATE INDEX access_log_resource ON access_log(resource, id);
    CREATE INDEX access_log_action ON access_log(action, id);
    CREATE INDEX access_log_decision ON access_log(decision, id);
    {{append_only:access_log}}
    `,
  ],
};
