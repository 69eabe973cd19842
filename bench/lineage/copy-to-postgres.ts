/**
 * The generated SQLite home's rows, copied table by table into a PostgreSQL database that
 * Godwit migrated (so both hold the same runs, steps, artifacts, versions and lineage, under each
 * dialect's own schema). Generating 10,000 runs through the stores statement by statement takes
 * PostgreSQL an hour on a loaded 2-core machine (each of ~100 statements per run is a round trip);
 * multi-row INSERTs of the same rows take a minute. Identity columns are moved past the copied ids.
 */
import type { SqlDatabase, SqlValue } from '../../src/db/sql-database.js';

/** PostgreSQL's limit is 65,535 parameters per statement. */
const PARAMS = 30_000;

export async function copyToPostgres(sqlite: SqlDatabase, postgres: SqlDatabase): Promise<number> {
  const tables = await sqlite.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_versions' ORDER BY name",
  );
  let copied = 0;
  for (const { name } of tables) {
    const rows = await sqlite.query(`SELECT * FROM ${name}`);
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]);
    const per = Math.max(1, Math.floor(PARAMS / columns.length));
    await postgres.transaction(async (tx) => {
      await tx.run(`DELETE FROM ${name}`);
      for (let i = 0; i < rows.length; i += per) {
        const batch = rows.slice(i, i + per);
        const marks = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        await tx.run(
          `INSERT INTO ${name} (${columns.join(', ')}) VALUES ${marks}`,
          batch.flatMap((row) => columns.map((c) => row[c] as SqlValue)),
        );
      }
      const identities = await tx.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND is_identity = 'YES'",
        [name],
      );
      for (const { column_name: column } of identities) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('${name}', '${column}'), (SELECT MAX(${column}) FROM ${name}))`);
      }
    });
    copied += rows.length;
  }
  await postgres.exec('ANALYZE');
  return copied;
}
