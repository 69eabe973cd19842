import { existsSync } from 'node:fs';
import { copyFile, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import type { CapabilitySchema } from '../migrations.js';
import { type DatabaseHolder, databaseHolders } from './database-holders.js';
import { type CapabilityVersion, compareVersions, refuseNewer } from './schema-report.js';
import { factsOf, onlineCopy, openSqliteFile, type SqliteFileFacts } from './sqlite-file.js';

/** What a restore found in the backup and what it did (or, without `yes`, would do). */
export interface SqliteRestorePlan {
  readonly backend: 'sqlite';
  readonly file: string;
  readonly database: string;
  readonly runs: number;
  readonly models: number;
  readonly versions: readonly CapabilityVersion[];
  /** Where the replaced database was kept; absent when the home had none. */
  readonly beforeRestore?: string;
  /** Processes that held the database and were overridden with `force`. */
  readonly forced: readonly DatabaseHolder[];
  readonly restored: boolean;
}

/**
 * Replaces a home's SQLite database with a backup. Everything that can refuse does so before
 * anything is written: a backup that is missing, damaged, not Godwit's or made by a newer Godwit
 * (E_METADATA_VERSION naming the file), a server or run that holds the database (E_DATABASE_IN_USE,
 * unless `force`), and no `yes` (E_CONFIRMATION_REQUIRED after the plan is known: `onPlan` shows
 * it). The replaced database is kept as `<database>.before-restore` (an online copy, so the
 * write-ahead log is in it). The backup's own file is never written to. A backup older than this
 * Godwit is migrated by the next open, like any older home.
 */
export async function restoreSqlite(
  home: GodwitHome,
  backup: string,
  schemas: readonly CapabilitySchema[],
  options: { yes?: boolean; force?: boolean; onPlan?: (plan: SqliteRestorePlan) => void },
): Promise<SqliteRestorePlan> {
  const file = resolve(backup);
  const facts = await inspectBackup(file);
  const versions = compareVersions(facts.versions, schemas);
  refuseNewer(versions, file);
  const holders = await databaseHolders(home);
  if (holders.length > 0 && !options.force) throw inUse(home.metadataFile, holders);
  const database = home.metadataFile;
  const beforeRestore = existsSync(database) ? `${database}.before-restore` : undefined;
  const plan = {
    backend: 'sqlite',
    file,
    database,
    runs: facts.runs,
    models: facts.models,
    versions,
    beforeRestore,
    forced: holders,
  } as const;
  if (!options.yes) {
    options.onPlan?.({ ...plan, restored: false });
    throw new GodwitError('E_CONFIRMATION_REQUIRED', `Restoring ${file} replaces ${database}; nothing was changed.`, {
      hint: `Run it again with --yes (the replaced database is kept as ${beforeRestore ?? 'nothing: the home has none'}).`,
    });
  }
  if (beforeRestore) await keepReplaced(database, beforeRestore);
  const incoming = `${database}.restoring-${process.pid}`;
  try {
    await copyFile(file, incoming);
    // The replaced database's log and check record must not outlive it: SQLite would replay a
    // stale -wal into the restored file, and the record would vouch for a file it never checked.
    for (const suffix of ['-wal', '-shm', '-checked']) await unlink(`${database}${suffix}`).catch(() => {});
    await rename(incoming, database);
  } catch (err) {
    await unlink(incoming).catch(() => {});
    throw err;
  }
  return { ...plan, restored: true };
}

async function inspectBackup(file: string): Promise<SqliteFileFacts> {
  if (!existsSync(file)) {
    throw new GodwitError('E_BACKUP_NOT_FOUND', `No backup file ${file}.`, {
      hint: 'Check the path; backups are written by `godwit db backup FILE`.',
    });
  }
  const db = await openSqliteFile(file, { readonly: true }).catch((err) => {
    throw (err as { code?: string }).code === 'SQLITE_NOTADB'
      ? new GodwitError('E_BACKUP_INVALID', `The backup ${file} is not a SQLite database.`, {
          hint: 'Name a file written by `godwit db backup`.',
        })
      : err;
  });
  try {
    return factsOf(db, file, 'The backup');
  } finally {
    db.close();
  }
}

async function keepReplaced(database: string, beforeRestore: string): Promise<void> {
  await unlink(beforeRestore).catch(() => {});
  try {
    const current = await openSqliteFile(database);
    try {
      await onlineCopy(current, beforeRestore);
    } finally {
      current.close();
    }
  } catch {
    // A database too damaged to copy page by page (often why it is being restored): keep its bytes.
    await copyFile(database, beforeRestore);
    if (existsSync(`${database}-wal`)) await copyFile(`${database}-wal`, `${beforeRestore}-wal`);
  }
}

function inUse(database: string, holders: readonly DatabaseHolder[]): GodwitError {
  const who = holders.map((h) =>
    h.kind === 'server' ? `the server at ${h.name} (pid ${h.pid})` : `run ${h.name} (pid ${h.pid})`,
  );
  return new GodwitError('E_DATABASE_IN_USE', `${database} is in use by ${who.join(', ')}; nothing was changed.`, {
    hint: 'Stop them first (godwit server stop; wait for or stop the runs), or pass --force to replace it under them.',
  });
}
