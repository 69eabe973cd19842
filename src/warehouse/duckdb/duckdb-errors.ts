/**
 * DuckDB's errors as Godwit's: a missing table is E_TABLE_NOT_FOUND, an existing one
 * E_TABLE_EXISTS, anything else the engine rejects E_SQL, each naming the warehouse and keeping
 * DuckDB's own message (which points at the offending token).
 */
import { GodwitError } from '../../core/errors.js';

export function duckdbError(err: unknown, warehouse: string, doing = 'run the statement'): GodwitError {
  if (err instanceof GodwitError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0];
  const missing = /^Catalog Error: (?:Table|View|Table Function)? ?with name (.+?) does not exist/.exec(first);
  if (missing) {
    return new GodwitError('E_TABLE_NOT_FOUND', `Warehouse "${warehouse}" has no table ${missing[1]}.`, {
      hint: 'Check the name and schema; list tables with: godwit sql "show all tables"',
      cause: err,
    });
  }
  const exists = /^Catalog Error: Table with name (.+?) already exists/.exec(first);
  if (exists) {
    return new GodwitError('E_TABLE_EXISTS', `Warehouse "${warehouse}" already has a table ${exists[1]}.`, {
      hint: 'Replace it (replace: true, CREATE OR REPLACE) or choose another name.',
      cause: err,
    });
  }
  return new GodwitError('E_SQL', `Warehouse "${warehouse}" (DuckDB) could not ${doing}: ${message}`, {
    hint: 'Fix the SQL; it is DuckDB SQL (or pass --dialect for Redshift or BigQuery SQL).',
    cause: err,
  });
}
