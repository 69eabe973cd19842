import { GodwitError } from '../core/errors.js';
import { lockKey } from './dialect.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * One capability's tables: its name (runs, registry, events; later endpoints, lineage, …) and
 * its migrations in order. Append only: never edit a migration that has shipped, add the next.
 * Each migration is SQL for both databases (several statements allowed), with the schema tokens
 * of `Dialect.ddl` where the two differ, or a `DataMigration` that moves data in code. A
 * capability creates and alters only its own tables.
 */
export interface CapabilitySchema {
  readonly capability: string;
  readonly migrations: readonly (string | DataMigration)[];
}

/**
 * A migration written in code: it fills the capability's tables from what other capabilities
 * recorded before it existed (lineage backfills every run, model and endpoint already there). It
 * runs once, inside the migration transaction and under its lock, like the SQL ones; `run` should
 * import its module on demand so opening a current database loads none of it. On a database
 * that held nothing (a new home: no capability had a version) it is skipped, as there is nothing
 * to move, and counted as run.
 */
export interface DataMigration {
  /** What it does, for the error that names it when it fails. */
  readonly describe: string;
  run(tx: SqlDatabase): Promise<void>;
}

/**
 * Takes over a database laid out before `schema_versions` existed. `check` reads only, before
 * anything is written (it refuses what cannot be adopted); `adopt` runs inside the migration
 * transaction before versions are read.
 */
export interface Adoption {
  check(db: SqlDatabase, where: string): Promise<void>;
  adopt(tx: SqlDatabase, where: string): Promise<void>;
}

const VERSIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_versions (
  capability TEXT PRIMARY KEY,
  version INTEGER NOT NULL
)`;

/**
 * Brings every capability's tables up to date; `schema_versions(capability, version)` records
 * how many of each capability's migrations ran. The common case (all current) is one read and
 * no transaction. Otherwise everything happens in one transaction under a lock, so two processes
 * opening a fresh database at once migrate it once. A capability whose recorded version is newer
 * than this code is refused (E_METADATA_VERSION) and nothing is changed.
 */
export async function migrate(
  db: SqlDatabase,
  schemas: readonly CapabilitySchema[],
  where: string,
  adoption?: Adoption,
): Promise<void> {
  const current = await readVersions(db).catch(() => undefined);
  if (current && schemas.every((s) => checked(s, current, where) === s.migrations.length)) return;
  if (!current) await adoption?.check(db, where);
  await db.transaction(async (tx) => {
    const lock = tx.dialect.lock(lockKey('godwit.schema_versions'));
    if (lock) await tx.query(lock);
    await tx.exec(VERSIONS_TABLE);
    if (adoption) await adoption.adopt(tx, where);
    const versions = await readVersions(tx);
    // A database that held nothing (no capability has a version, not even an adopted one) has no
    // records for a data migration to move: a new home skips them, and never loads their code.
    const empty = versions.size === 0;
    for (const schema of schemas) {
      const from = checked(schema, versions, where);
      for (let v = from; v < schema.migrations.length; v++) await apply(tx, schema, v, where, empty);
      if (from === schema.migrations.length) continue;
      await tx.run(
        `INSERT INTO schema_versions (capability, version) VALUES (?, ?)
         ON CONFLICT (capability) DO UPDATE SET version = excluded.version`,
        [schema.capability, schema.migrations.length],
      );
    }
  });
}

async function apply(tx: SqlDatabase, schema: CapabilitySchema, v: number, where: string, empty: boolean): Promise<void> {
  const migration = schema.migrations[v];
  if (typeof migration === 'string') return tx.exec(tx.dialect.ddl(migration));
  if (empty) return;
  try {
    await migration.run(tx);
  } catch (err) {
    throw new GodwitError(
      'E_METADATA_MIGRATION',
      `Migration ${v + 1} of ${schema.capability} in ${where} (${migration.describe}) failed: ${(err as Error).message}`,
      { hint: 'Nothing was changed: the database is as it was. Report the error with `godwit --version`.', cause: err },
    );
  }
}

async function readVersions(db: SqlDatabase): Promise<Map<string, number>> {
  const rows = await db.query<{ capability: string; version: number }>('SELECT capability, version FROM schema_versions');
  return new Map(rows.map((r) => [r.capability, Number(r.version)]));
}

/** The capability's recorded version, refusing one newer than the code. */
function checked(schema: CapabilitySchema, versions: ReadonlyMap<string, number>, where: string): number {
  const version = versions.get(schema.capability) ?? 0;
  if (version > schema.migrations.length) throw newerThanCode(where, `${schema.capability} ${version}`, schema.migrations.length);
  return version;
}

export function newerThanCode(where: string, found: string, known: number | string): GodwitError {
  return new GodwitError(
    'E_METADATA_VERSION',
    `The metadata database ${where} has schema version ${found}, newer than this Godwit knows (${known}).`,
    { hint: 'Upgrade Godwit, or set GODWIT_HOME to another folder.' },
  );
}
