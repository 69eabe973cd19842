import type { CapabilitySchema } from '../../db/migrations.js';

/**
 * The `eventbridge` capability's tables (the events themselves stay in the `events`
 * capability's outbox, with a bus column). Definitions a reader takes whole (a target, a
 * replay's destination, an event) are JSON text; times are epoch milliseconds.
 *
 * - `eb_deliveries` is what is owed to targets: a row per (event, rule, target) written in the
 *   transaction that moves the router's cursor (`eb_cursors`) past the event, deleted when the
 *   target took it or it became a dead letter (`eb_dead_letters`), so nothing matched is lost
 *   between the outbox and a target, across restarts.
 * - `eb_revision` is one row bumped by every rule or target change, so a router rebuilds its
 *   rule index only when something changed.
 */
export const EVENTBRIDGE_SCHEMA: CapabilitySchema = {
  capability: 'eventbridge',
  migrations: [
    `
    CREATE TABLE eb_buses (
      name TEXT PRIMARY KEY,
      description TEXT,
      created_at BIGINT NOT NULL,
      modified_at BIGINT NOT NULL
    );

    CREATE TABLE eb_rules (
      bus TEXT NOT NULL,
      name TEXT NOT NULL,
      event_pattern TEXT,
      schedule_expression TEXT,
      state TEXT NOT NULL,
      description TEXT,
      role_arn TEXT,
      managed_by TEXT,
      created_at BIGINT NOT NULL,
      revision BIGINT NOT NULL,
      PRIMARY KEY (bus, name)
    );

    CREATE TABLE eb_targets (
      bus TEXT NOT NULL,
      rule TEXT NOT NULL,
      id TEXT NOT NULL,
      target TEXT NOT NULL,
      PRIMARY KEY (bus, rule, id)
    );

    CREATE TABLE eb_revision (
      id INTEGER PRIMARY KEY,
      revision BIGINT NOT NULL
    );
    INSERT INTO eb_revision (id, revision) VALUES (1, 0);

    CREATE TABLE eb_archives (
      name TEXT PRIMARY KEY,
      bus TEXT NOT NULL,
      event_source_arn TEXT NOT NULL,
      description TEXT,
      event_pattern TEXT,
      retention_days INTEGER,
      state TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );

    CREATE TABLE eb_archived_events (
      seq {{serial}},
      archive TEXT NOT NULL,
      at BIGINT NOT NULL,
      archived_at BIGINT NOT NULL,
      event TEXT NOT NULL
    );
    CREATE INDEX eb_archived_events_time ON eb_archived_events (archive, at);

    CREATE TABLE eb_replays (
      name TEXT PRIMARY KEY,
      definition TEXT NOT NULL,
      state TEXT NOT NULL,
      state_reason TEXT,
      created_at BIGINT NOT NULL,
      started_at BIGINT,
      ended_at BIGINT,
      last_replayed BIGINT,
      after_seq BIGINT NOT NULL
    );

    CREATE TABLE eb_cursors (
      consumer TEXT PRIMARY KEY,
      cursor TEXT NOT NULL
    );

    CREATE TABLE eb_deliveries (
      id {{serial}},
      rule_arn TEXT NOT NULL,
      rule_name TEXT NOT NULL,
      target TEXT NOT NULL,
      event TEXT NOT NULL,
      ingested_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL,
      due_at BIGINT NOT NULL,
      replay_name TEXT
    );
    CREATE INDEX eb_deliveries_due ON eb_deliveries (due_at);

    CREATE TABLE eb_dead_letters (
      id {{serial}},
      rule_arn TEXT NOT NULL,
      target_id TEXT NOT NULL,
      target_arn TEXT NOT NULL,
      dead_letter_arn TEXT,
      event TEXT NOT NULL,
      error_code TEXT NOT NULL,
      error_message TEXT NOT NULL,
      exhausted_condition TEXT,
      retry_attempts INTEGER NOT NULL,
      at BIGINT NOT NULL
    );
    CREATE INDEX eb_dead_letters_rule ON eb_dead_letters (rule_arn);
    `,
  ],
};
