import { statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { GodwitError } from '../../core/errors.js';

/**
 * What `godwit db backup|restore|info` read from a SQLite metadata file without the migrating
 * `openMetadata`: its integrity, its schema versions, how many runs and models it holds. This file
 * and `sqlite-database.ts` are the only ones that import better-sqlite3 (its online backup API has
 * no place in the `SqlDatabase` seam, which PostgreSQL could not implement).
 */
export interface SqliteFileFacts {
  /** `schema_versions` per capability; empty for a home from before them (adopted on open). */
  readonly versions: ReadonlyMap<string, number>;
  readonly runs: number;
  readonly models: number;
  /** Bytes of the file and its write-ahead log. */
  readonly size: number;
}

export type Sqlite = BetterSqlite3.Database;

/** Opens a SQLite file that must exist; `readonly` never writes to it (nor beside it, when it is not in WAL mode). */
export async function openSqliteFile(file: string, options: { readonly?: boolean } = {}): Promise<Sqlite> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { fileMustExist: true, readonly: options.readonly === true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Checks every page (`integrity_check`, not the quicker check the home does on open: a backup is
 * read rarely and must be whole) and reads what it holds. `what` names the file in errors: a file
 * that is not SQLite or not Godwit's is E_BACKUP_INVALID, a damaged one E_METADATA_CORRUPT.
 */
export function factsOf(db: Sqlite, file: string, what: string): SqliteFileFacts {
  let problems: string[];
  try {
    problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new GodwitError('E_BACKUP_INVALID', `${what} ${file} is not a SQLite database.`, {
        hint: 'Name a file written by `godwit db backup` (or a home’s metadata.sqlite).',
      });
    }
    if (code?.startsWith('SQLITE_CORRUPT')) problems = [(err as Error).message];
    else throw err;
  }
  if (problems.join() !== 'ok') {
    throw new GodwitError('E_METADATA_CORRUPT', `${what} ${file} is damaged: ${problems.slice(0, 3).join('; ')}.`, {
      hint: 'Use another backup; a backup made with `godwit db backup` is checked page by page when it is written.',
    });
  }
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  if (!tables.has('schema_versions') && !tables.has('runs')) {
    throw new GodwitError(
      'E_BACKUP_INVALID',
      `${what} ${file} is a SQLite database, but not Godwit's metadata (no runs, no schema versions).`,
      {
        hint: 'Name a file written by `godwit db backup` (or a home’s metadata.sqlite).',
      },
    );
  }
  const versions = tables.has('schema_versions')
    ? (db.prepare('SELECT capability, version FROM schema_versions ORDER BY capability').all() as {
        capability: string;
        version: number;
      }[])
    : [];
  const count = (table: string) =>
    tables.has(table) ? Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n) : 0;
  return {
    versions: new Map(versions.map((v) => [v.capability, Number(v.version)])),
    runs: count('runs'),
    models: count('model_packages'),
    size: sizeOf(file),
  };
}

/** The file's bytes and its write-ahead log's: what it takes on disk. */
export function sizeOf(file: string): number {
  const bytes = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return bytes(file) + bytes(`${file}-wal`);
}

/**
 * SQLite's online backup of `db` into `dest`: page by page, consistent as of one moment while other
 * processes go on writing (a write in between restarts the copy of what changed). The copy is then
 * switched out of WAL mode so that it is one self-contained file.
 */
export async function onlineCopy(db: Sqlite, dest: string): Promise<void> {
  await db.backup(dest);
  const copy = await openSqliteFile(dest);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}
