import { existsSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { CapabilitySchema } from '../migrations.js';
import { type CapabilityVersion, compareVersions } from './schema-report.js';
import { factsOf, onlineCopy, openSqliteFile, sizeOf } from './sqlite-file.js';

/** What `godwit db backup` wrote, checked. */
export interface SqliteBackupReport {
  readonly backend: 'sqlite';
  readonly database: string;
  readonly file: string;
  readonly size: number;
  readonly runs: number;
  readonly models: number;
  readonly versions: readonly CapabilityVersion[];
  /** `integrity_check` of the copy: always `ok` when a report is returned. */
  readonly integrity: 'ok';
}

/**
 * Copies the home's SQLite database into `file` with SQLite's online backup, while servers and
 * runs go on writing, then checks the copy page by page and reads its schema versions back:
 * a backup that is written is a backup that restores. The copy is made beside `file` and renamed
 * into place, so `file` never holds half a backup; an existing `file` is refused.
 */
export async function backupSqlite(
  database: string,
  target: string,
  schemas: readonly CapabilitySchema[],
): Promise<SqliteBackupReport> {
  const file = resolve(target);
  if (!existsSync(database)) {
    throw new GodwitError('E_BACKUP_NOT_FOUND', `There is no metadata database at ${database} yet: nothing to back up.`, {
      hint: 'Set GODWIT_HOME (or run from the folder) of the home to back up.',
    });
  }
  if (existsSync(file)) {
    throw new GodwitError('E_BACKUP_EXISTS', `${file} exists already; a backup never overwrites a file.`, {
      hint: 'Name a new file (godwit db backup metadata-$(date +%F).sqlite), or move the old one away.',
    });
  }
  const partial = `${file}.partial-${process.pid}`;
  try {
    const source = await openSqliteFile(database);
    try {
      await onlineCopy(source, partial);
    } finally {
      source.close();
    }
    const copy = await openSqliteFile(partial, { readonly: true });
    let facts: ReturnType<typeof factsOf>;
    try {
      facts = factsOf(copy, file, 'The backup');
    } finally {
      copy.close();
    }
    await rename(partial, file);
    return {
      backend: 'sqlite',
      database,
      file,
      size: sizeOf(file),
      runs: facts.runs,
      models: facts.models,
      versions: compareVersions(facts.versions, schemas),
      integrity: 'ok',
    };
  } catch (err) {
    await unlink(partial).catch(() => {});
    throw err;
  }
}
