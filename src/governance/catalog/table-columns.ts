import { GodwitError } from '../../core/errors.js';
import type { CatalogColumn } from '../governance-records.js';

/** The table's columns as named (any case), in the table's spelling; E_CATALOG_INPUT naming any it lacks. */
export function resolveColumns(
  table: { database: string; name: string; columns: readonly CatalogColumn[] },
  names: readonly string[],
  what: string,
): string[] {
  const byLower = new Map(table.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const unknown = names.filter((n) => !byLower.has(n.toLowerCase()));
  if (unknown.length > 0) {
    throw new GodwitError(
      'E_CATALOG_INPUT',
      `${what} names ${unknown.length === 1 ? 'a column' : 'columns'} ${table.database}.${table.name} does not have: ${unknown.join(', ')}.`,
      {
        hint: `Its columns: ${table.columns.map((c) => c.name).join(', ')}.`,
      },
    );
  }
  return names.map((n) => byLower.get(n.toLowerCase()) as string);
}
