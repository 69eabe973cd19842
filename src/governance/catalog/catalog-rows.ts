/**
 * The catalog's rows as the contract's records and back: grants (their Resource JSON and
 * permission lists), data cells filters, and the check of an external table's column list.
 */
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { CatalogColumn, DataCellsFilter, LfGrant, LfPermission, LfResource } from '../governance-records.js';
import { catalogName } from './lf-resources.js';

export function union(a: readonly LfPermission[] | undefined, b: readonly LfPermission[]): LfPermission[] {
  return [...new Set([...(a ?? []), ...b])];
}

export async function grantRow(tx: SqlDatabase, principal: string, key: string): Promise<LfGrant | undefined> {
  const [row] = await tx.query('SELECT * FROM catalog_grants WHERE principal = ? AND resource_key = ?', [principal, key]);
  return row && toGrant(row);
}

export function toGrant(r: SqlRow): LfGrant {
  return {
    Principal: { DataLakePrincipalIdentifier: String(r.principal) },
    Resource: JSON.parse(String(r.resource)) as LfResource,
    Permissions: JSON.parse(String(r.permissions)) as LfPermission[],
    PermissionsWithGrantOption: JSON.parse(String(r.grant_option)) as LfPermission[],
    LastUpdated: new Date(String(r.last_updated)),
    LastUpdatedBy: String(r.last_updated_by),
  };
}

export function filterValues(f: DataCellsFilter): (string | null)[] {
  return [
    catalogName(f.DatabaseName),
    catalogName(f.TableName),
    f.Name,
    'FilterExpression' in f.RowFilter ? f.RowFilter.FilterExpression : null,
    f.ColumnNames ? JSON.stringify(f.ColumnNames) : null,
    f.ColumnWildcard ? JSON.stringify(f.ColumnWildcard.ExcludedColumnNames ?? []) : null,
    f.VersionId ?? null,
  ];
}

export function toFilter(r: SqlRow): DataCellsFilter {
  const row = r.row_filter as string | null;
  const columns = r.column_names as string | null;
  return {
    DatabaseName: String(r.database_name),
    TableName: String(r.table_name),
    Name: String(r.name),
    RowFilter: row === null ? { AllRowsWildcard: {} } : { FilterExpression: row },
    ...(columns !== null
      ? { ColumnNames: JSON.parse(columns) as string[] }
      : { ColumnWildcard: { ExcludedColumnNames: JSON.parse(String(r.excluded_columns ?? '[]')) as string[] } }),
    VersionId: String(r.version_id),
  };
}

export function checkColumns(columns: readonly CatalogColumn[], table: string): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (!/^[A-Za-z_][\w$]*$/.test(c.name) || !/^[A-Za-z][\w ()[\],]*$/.test(c.type) || seen.has(c.name.toLowerCase())) {
      throw new GodwitError(
        'E_CATALOG_INPUT',
        `Column ${JSON.stringify(c.name)} of type ${JSON.stringify(c.type)} of ${table} is not usable.`,
        {
          hint: 'Columns are NAME:TYPE pairs with distinct names of letters, digits and _ (id:BIGINT,region:VARCHAR).',
        },
      );
    }
    seen.add(c.name.toLowerCase());
  }
  if (columns.length === 0)
    throw new GodwitError('E_CATALOG_INPUT', `Table ${table} has no columns.`, { hint: '--columns id:BIGINT,region:VARCHAR' });
}
