import { existsSync } from 'node:fs';
import { redactUrl } from '../../core/redact.js';
import type { CapabilitySchema } from '../migrations.js';
import { openDatabase } from '../open-database.js';
import type { SqlDatabase } from '../sql-database.js';
import { type CapabilityVersion, compareVersions } from './schema-report.js';
import { sizeOf } from './sqlite-file.js';

/** What `godwit db info` shows. */
export interface DatabaseInfo {
  readonly backend: 'sqlite' | 'postgresql';
  /** The SQLite file, or the PostgreSQL URL with its password shown as ***. */
  readonly database: string;
  /** False for a home whose SQLite file is not made yet (its first command makes it). */
  readonly exists: boolean;
  /** Bytes: the file and its write-ahead log, or `pg_database_size`. */
  readonly size: number;
  readonly runs: number;
  readonly models: number;
  readonly versions: readonly CapabilityVersion[];
}

/**
 * Reads a metadata database as it is, without migrating it (so a database from a newer Godwit is
 * shown, its newer capabilities marked `ahead`, instead of refused): nothing is written.
 * PostgreSQL that cannot be reached is E_DATABASE_UNREACHABLE / AUTH / NOT_FOUND, as everywhere.
 */
export async function databaseInfo(
  where: { readonly file: string } | { readonly url: string },
  schemas: readonly CapabilitySchema[],
): Promise<DatabaseInfo> {
  const backend = 'url' in where ? 'postgresql' : 'sqlite';
  const database = 'url' in where ? redactUrl(where.url) : where.file;
  if ('file' in where && !existsSync(where.file)) {
    return { backend, database, exists: false, size: 0, runs: 0, models: 0, versions: compareVersions(new Map(), schemas) };
  }
  const db = await openDatabase(where);
  try {
    const versions = await tableOrNothing(db, 'SELECT capability, version FROM schema_versions', (rows) =>
      rows.map((r) => [String(r.capability), Number(r.version)] as const),
    );
    const count = (table: string) => tableOrNothing(db, `SELECT COUNT(*) AS n FROM ${table}`, (rows) => Number(rows[0].n));
    const size =
      'url' in where
        ? Number((await db.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size'))[0].size)
        : sizeOf(where.file);
    return {
      backend,
      database,
      exists: true,
      size,
      runs: (await count('runs')) ?? 0,
      models: (await count('model_packages')) ?? 0,
      versions: compareVersions(new Map(versions ?? []), schemas),
    };
  } finally {
    await db.close();
  }
}

/** A query's result, or undefined when its table is not made yet (a fresh database). */
async function tableOrNothing<T>(
  db: SqlDatabase,
  sql: string,
  read: (rows: Record<string, unknown>[]) => T,
): Promise<T | undefined> {
  const exists = await db.query(
    db.dialect.name === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
      : 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?',
    [/FROM (\w+)/.exec(sql)?.[1] ?? ''],
  );
  return exists.length === 0 ? undefined : read(await db.query(sql));
}
