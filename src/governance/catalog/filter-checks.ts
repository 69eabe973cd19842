/**
 * What a data cells filter may be, as Lake Formation checks it at CreateDataCellsFilter: a name,
 * a table of the catalog, exactly one row filter (a predicate, or `AllRowsWildcard`) and exactly
 * one column selection (`ColumnNames`, or `ColumnWildcard` with `ExcludedColumnNames`), every
 * column the table's. The predicate passes row-filter-check.ts.
 */
import { GodwitError } from '../../core/errors.js';
import type { CatalogTable, DataCellsFilter } from '../governance-records.js';
import { catalogName } from './lf-resources.js';
import { checkRowFilter } from './row-filter-check.js';
import { resolveColumns } from './table-columns.js';

const bad = (message: string, hint?: string) => new GodwitError('E_CATALOG_INPUT', message, { hint });

/** The filter as stored: names lower-cased, columns in the table's spelling. */
export function checkFilter(filter: DataCellsFilter, table: CatalogTable): DataCellsFilter {
  const name = filter.Name;
  if (typeof name !== 'string' || !/^[\w.-]{1,255}$/.test(name)) {
    throw bad(
      `Data cells filter name ${JSON.stringify(name ?? '')} is not one Lake Formation accepts.`,
      'Letters, digits, _, . and -, up to 255.',
    );
  }
  const where = `Data cells filter ${name} on ${table.database}.${table.name}`;
  const row = (filter.RowFilter ?? {}) as { FilterExpression?: unknown; AllRowsWildcard?: unknown };
  const hasExpression = row.FilterExpression !== undefined && row.FilterExpression !== null;
  const hasAll = row.AllRowsWildcard !== undefined && row.AllRowsWildcard !== null;
  if (hasExpression === hasAll) {
    throw bad(
      `${where} needs exactly one of RowFilter.FilterExpression and RowFilter.AllRowsWildcard.`,
      "A predicate (region = 'EU'), or every row.",
    );
  }
  if (hasExpression && typeof row.FilterExpression !== 'string') throw bad(`${where}: FilterExpression must be a string.`);
  if ((filter.ColumnNames === undefined) === (filter.ColumnWildcard === undefined)) {
    throw bad(
      `${where} needs exactly one of ColumnNames and ColumnWildcard.`,
      'Name the columns, or take every column but ExcludedColumnNames.',
    );
  }
  const columns = table.columns.map((c) => c.name);
  const expression = hasExpression ? (row.FilterExpression as string).trim() : undefined;
  if (expression !== undefined) checkRowFilter(expression, columns);
  const RowFilter: DataCellsFilter['RowFilter'] =
    expression !== undefined ? { FilterExpression: expression } : { AllRowsWildcard: {} as Record<string, never> };
  const picked = filter.ColumnNames
    ? { ColumnNames: resolveColumns(table, filter.ColumnNames, where) }
    : { ColumnWildcard: { ExcludedColumnNames: resolveColumns(table, filter.ColumnWildcard?.ExcludedColumnNames ?? [], where) } };
  if (picked.ColumnNames?.length === 0) throw bad(`${where} names no columns.`);
  if (picked.ColumnWildcard && picked.ColumnWildcard.ExcludedColumnNames.length >= columns.length) {
    throw bad(`${where} excludes every column of the table.`);
  }
  return { DatabaseName: catalogName(table.database), TableName: catalogName(table.name), Name: name, RowFilter, ...picked };
}
