import { type Adoption, newerThanCode } from '../db/migrations.js';
import type { SqlDatabase } from '../db/sql-database.js';

/**
 * Before schemas were versioned per capability, one SQLite file counted its migrations in
 * `PRAGMA user_version`: 1 made every table, 2 added `model_packages.inference`. Those tables
 * are exactly runs' migration 1 and the registry's migrations 1–2, so such a file is adopted by
 * recording those versions, keeping every row. Afterwards `user_version` is 3, which a Godwit
 * from before this change refuses as "newer than it knows" instead of writing into.
 */
export const PER_CAPABILITY_USER_VERSION = 3;

export const legacySqlite: Adoption = {
  async check(db, where) {
    await userVersion(db, where);
  },
  async adopt(tx, where) {
    const version = await userVersion(tx, where);
    if (version === 1 || version === 2) {
      await tx.run(
        'INSERT INTO schema_versions (capability, version) VALUES (?, ?), (?, ?) ON CONFLICT (capability) DO NOTHING',
        ['runs', 1, 'registry', version],
      );
    }
    if (version !== undefined && version !== PER_CAPABILITY_USER_VERSION) {
      await tx.exec(`PRAGMA user_version = ${PER_CAPABILITY_USER_VERSION}`);
    }
  },
};

/** SQLite's `user_version` (undefined on PostgreSQL), refusing one from a newer Godwit. */
async function userVersion(db: SqlDatabase, where: string): Promise<number | undefined> {
  if (db.dialect.name !== 'sqlite') return undefined;
  const [{ user_version: version }] = await db.query<{ user_version: number }>('PRAGMA user_version');
  if (version > PER_CAPABILITY_USER_VERSION) throw newerThanCode(where, String(version), PER_CAPABILITY_USER_VERSION);
  return version;
}
