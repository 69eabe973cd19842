import { GuardedDatabase } from './guarded-database.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * The database for a home: the SQLite file, or PostgreSQL when a URL is given. Each driver's
 * adapter is imported only here, on first use, so a user of one never loads the other. Nothing
 * connects until the first statement. Openers of one SQLite file in one process share its
 * connection (`sharedSqlite`).
 */
export async function openDatabase(where: { file: string } | { url: string }): Promise<SqlDatabase> {
  if ('url' in where) {
    const { PostgresDatabase } = await import('./postgres-database.js');
    return new GuardedDatabase(new PostgresDatabase(where.url), where);
  }
  const { sharedSqlite } = await import('./sqlite-database.js');
  return new GuardedDatabase(sharedSqlite(where.file), where);
}
