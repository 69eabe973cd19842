/** `godwit db …`: the metadata database itself: where it is, backing it up, restoring it. */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;

export const dbInfoOptions = { json: JSON_FLAG } as const;

export const dbInfo = defineVerb({
  name: 'info',
  summary: 'Where the metadata database is, its backend, size, schema versions, runs and models',
  options: dbInfoOptions,
  description: `Reads the database as it is, without migrating it: a database written by a newer Godwit is
shown with its newer capabilities marked "ahead" instead of refused.`,
  examples: ['godwit db info', 'GODWIT_DATABASE_URL=postgres://godwit@db:5432/godwit godwit db info --json'],
  load: async () => (await import('../commands/db-info.js')).dbInfo,
});

export const dbBackupOptions = {
  json: JSON_FLAG,
  run: { type: 'boolean', summary: 'PostgreSQL: run pg_dump now instead of printing the command.' },
} as const;

export const dbBackup = defineVerb({
  name: 'backup',
  summary: 'Back up the metadata database to FILE (SQLite: online copy, checked; PostgreSQL: pg_dump)',
  args: [{ name: 'FILE' }],
  options: dbBackupOptions,
  description: `SQLite (the default): an online backup, consistent while servers and runs keep writing;
the copy is checked page by page (integrity_check) and its schema versions read back. An existing
FILE is never overwritten.
PostgreSQL (databaseUrl / GODWIT_DATABASE_URL): prints the pg_dump and pg_restore commands for the
database, its password left out (give it in PGPASSWORD); --run runs pg_dump when it is installed.`,
  examples: [
    'godwit db backup metadata-$(date +%F).sqlite',
    'GODWIT_DATABASE_URL=postgres://godwit@db:5432/godwit godwit db backup godwit.dump',
    'GODWIT_DATABASE_URL=postgres://godwit@db:5432/godwit godwit db backup godwit.dump --run',
  ],
  load: async () => (await import('../commands/db-backup.js')).dbBackup,
});

export const dbRestoreOptions = {
  json: JSON_FLAG,
  yes: { type: 'boolean', summary: 'Replace the database (without it, only show what would happen).' },
  force: { type: 'boolean', summary: 'Replace it even while a server or run holds it.' },
} as const;

export const dbRestore = defineVerb({
  name: 'restore',
  summary: "Replace the home's metadata database with a backup (the old one is kept as .before-restore)",
  args: [{ name: 'FILE' }],
  options: dbRestoreOptions,
  description: `Refused before anything is written when FILE is damaged or not Godwit's, was made by a
newer Godwit (E_METADATA_VERSION), or while the home's server or a run holds the database (stop
them, or --force). Without --yes it shows what it would replace and changes nothing. A backup from
an older Godwit is migrated when it is next opened. For PostgreSQL it prints the pg_restore command.`,
  examples: ['godwit db restore metadata-2026-12-01.sqlite', 'godwit db restore metadata-2026-12-01.sqlite --yes'],
  load: async () => (await import('../commands/db-restore.js')).dbRestore,
});

export const dbGroup = defineGroup({
  name: 'db',
  summary: 'The metadata database: where it is, back it up, restore it',
  verbs: [dbInfo, dbBackup, dbRestore],
});
