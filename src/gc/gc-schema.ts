import type { CapabilitySchema } from '../db/migrations.js';

/**
 * `godwit gc`'s journal (gc-journal.ts): what it set out to remove and whether it finished. An
 * entry is written, and committed, before the first file of it is touched, so no record ever
 * points at a missing file without an entry that says so; a gc that crashed is finished by the
 * next one. Append only: never edit a migration that has shipped, add the next one.
 */
export const GC_SCHEMA: CapabilitySchema = {
  capability: 'gc',
  migrations: [
    `
    CREATE TABLE gc_journal (
      id {{serial}},
      uri TEXT NOT NULL,
      kind TEXT NOT NULL,
      reason TEXT NOT NULL,
      run_id TEXT,
      root TEXT NOT NULL,
      objects TEXT NOT NULL,
      bytes BIGINT NOT NULL,
      state TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      removed_by TEXT NOT NULL
    );
    CREATE INDEX gc_journal_state ON gc_journal(state, id);
    CREATE INDEX gc_journal_uri ON gc_journal(uri, id);
    `,
  ],
};
