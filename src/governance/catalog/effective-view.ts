/**
 * A principal's view of a table, as docs/governance-design.md ("A principal's view of a table")
 * defines it, computed from the grants that reach it: pure functions over records the store has
 * read, so the semantics are tested without a database.
 *
 * Every SELECT (or ALL) that reaches the table is a slice: `Table` / `TableWildcard` and a whole
 * `TableWithColumns` are all rows × all columns; a column list or exclusion is all rows × those
 * columns; a `DataCellsFilter` grant is its filter's rows × columns; an `LFTagPolicy` on TABLE
 * whose expression the table's tags match is all rows × the columns whose tags match too.
 * `Database` grants give no SELECT on its tables (Lake Formation's rule).
 */
import type { CatalogTable, DataCellsFilter, LfGrant, LfTagPair, TableView, ViewSlice } from '../governance-records.js';
import { catalogName, isWholeTable } from './lf-resources.js';

/** LF-tags in effect on a table and on each of its columns (inheritance already applied): key → value. */
export interface TableTags {
  readonly table: ReadonlyMap<string, string>;
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Whether tags (key → value) satisfy an expression: every key present with one of its values. */
export function tagsMatch(tags: ReadonlyMap<string, string>, expression: readonly LfTagPair[]): boolean {
  return expression.every((pair) => {
    const value = tags.get(pair.TagKey.toLowerCase());
    return value !== undefined && pair.TagValues.includes(value);
  });
}

const grantsSelect = (g: LfGrant) => g.Permissions.includes('SELECT') || g.Permissions.includes('ALL');

/** The slices of `grants` (the caller's, EVERYONE's included) that reach `table`. */
export function viewSlices(
  table: CatalogTable,
  grants: readonly LfGrant[],
  filters: readonly DataCellsFilter[],
  tags: TableTags,
): ViewSlice[] {
  const db = catalogName(table.database);
  const name = catalogName(table.name);
  const all = table.columns.map((c) => c.name);
  const pick = (wanted: (column: string) => boolean) => all.filter(wanted);
  const inList = (names: readonly string[] | undefined) => {
    const set = new Set((names ?? []).map((n) => n.toLowerCase()));
    return (c: string) => set.has(c.toLowerCase());
  };
  const slices: ViewSlice[] = [];
  for (const g of grants) {
    if (!grantsSelect(g)) continue;
    const r = g.Resource;
    if (r.Table && catalogName(r.Table.DatabaseName) === db) {
      if (r.Table.TableWildcard) slices.push({ columns: all, source: `table ${db}.*` });
      else if (catalogName(r.Table.Name ?? '') === name) slices.push({ columns: all, source: 'table' });
    } else if (
      r.TableWithColumns &&
      catalogName(r.TableWithColumns.DatabaseName) === db &&
      catalogName(r.TableWithColumns.Name) === name
    ) {
      const t = r.TableWithColumns;
      if (isWholeTable(r)) slices.push({ columns: all, source: 'table' });
      else if (t.ColumnNames) slices.push({ columns: pick(inList(t.ColumnNames)), source: `columns ${t.ColumnNames.join(',')}` });
      else {
        const excluded = inList(t.ColumnWildcard?.ExcludedColumnNames);
        slices.push({
          columns: pick((c) => !excluded(c)),
          source: `columns except ${(t.ColumnWildcard?.ExcludedColumnNames ?? []).join(',')}`,
        });
      }
    } else if (
      r.DataCellsFilter &&
      catalogName(r.DataCellsFilter.DatabaseName) === db &&
      catalogName(r.DataCellsFilter.TableName) === name
    ) {
      const f = filters.find((x) => x.Name === r.DataCellsFilter?.Name);
      if (f) slices.push(filterSlice(f, all));
    } else if (r.LFTagPolicy && r.LFTagPolicy.ResourceType === 'TABLE' && tagsMatch(tags.table, r.LFTagPolicy.Expression)) {
      const expression = r.LFTagPolicy.Expression;
      slices.push({
        columns: pick((c) => tagsMatch(tags.columns.get(c) ?? tags.table, expression)),
        source: `tag-policy ${expression.map((p) => `${p.TagKey}=${p.TagValues.join('|')}`).join(',')}`,
      });
    }
  }
  return slices.filter((s) => s.columns.length > 0);
}

/** A data cells filter as a slice: its rows (undefined for all) × the table's columns it grants. */
export function filterSlice(f: DataCellsFilter, all: readonly string[]): ViewSlice {
  const lower = (names: readonly string[] | undefined) => new Set((names ?? []).map((n) => n.toLowerCase()));
  const included = f.ColumnNames ? lower(f.ColumnNames) : undefined;
  const excluded = lower(f.ColumnWildcard?.ExcludedColumnNames);
  const columns = all.filter((c) => (included ? included.has(c.toLowerCase()) : !excluded.has(c.toLowerCase())));
  const rowFilter = 'FilterExpression' in f.RowFilter ? f.RowFilter.FilterExpression : undefined;
  return rowFilter === undefined ? { columns, source: `filter ${f.Name}` } : { rowFilter, columns, source: `filter ${f.Name}` };
}

/**
 * The view: unrestricted when one slice has every row and every column, filtered with the slices
 * otherwise, denied (with the reason) when none reaches the table.
 */
export function tableView(table: CatalogTable, slices: readonly ViewSlice[], who: string): TableView {
  if (slices.length === 0) {
    return {
      kind: 'denied',
      table,
      reason: `${who} holds no SELECT on ${table.database}.${table.name}: no grant on the table, its columns, a data cells filter of it or an LF-tag policy its tags match.`,
    };
  }
  const width = table.columns.length;
  if (slices.some((s) => s.rowFilter === undefined && s.columns.length === width)) return { kind: 'unrestricted', table };
  return { kind: 'filtered', table, slices };
}
