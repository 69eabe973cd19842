/**
 * Whether grants (a principal's and everyone's) give a permission on a resource, as Lake
 * Formation decides: ALL implies every permission of the resource it is on; CREATE_DATABASE is
 * held on the catalog, CREATE_TABLE on a database; a Table grant covers the table, TableWildcard
 * every table of its database; an LF-tag policy covers the databases or tables whose tags match;
 * DATA_LOCATION_ACCESS on a location covers every sub-prefix. A Database grant gives nothing on
 * the database's tables. SELECT on a table (or on columns) is asked of the view: held when the
 * caller reads those columns in every row, unfiltered.
 */
import type { LfGrant, LfPermission, LfResource, TableView } from '../governance-records.js';
import { tagsMatch } from './effective-view.js';
import { catalogName, locationCovers, resourceKey, resourceKind } from './lf-resources.js';

export interface AllowsContext {
  view(database: string, table: string): Promise<TableView>;
  /** The tags in effect on a database (table undefined) or a table. */
  tags(database: string, table?: string): Promise<ReadonlyMap<string, string>>;
}

const holds = (g: LfGrant, p: LfPermission) =>
  g.Permissions.includes(p) || (g.Permissions.includes('ALL') && p !== 'DATA_LOCATION_ACCESS');

export async function grantAllows(
  grants: readonly LfGrant[],
  permission: LfPermission,
  resource: LfResource,
  context: AllowsContext,
): Promise<boolean> {
  const kind = resourceKind(resource);
  if (permission === 'SELECT' && (kind === 'Table' || kind === 'TableWithColumns')) return selects(resource, context);
  const relevant = grants.filter((g) => holds(g, permission));
  if (relevant.length === 0) return false;
  switch (kind) {
    case 'Catalog':
    case 'LFTag':
    case 'LFTagPolicy':
    case 'DataCellsFilter': {
      const key = resourceKey(resource);
      return relevant.some((g) => resourceKey(g.Resource) === key);
    }
    case 'Database': {
      const name = catalogName(resource.Database!.Name);
      if (relevant.some((g) => g.Resource.Database && catalogName(g.Resource.Database.Name) === name)) return true;
      return tagPolicies(relevant, 'DATABASE', () => context.tags(name));
    }
    case 'DataLocation':
      return relevant.some(
        (g) => g.Resource.DataLocation && locationCovers(g.Resource.DataLocation.ResourceArn, resource.DataLocation!.ResourceArn),
      );
    case 'Table':
    case 'TableWithColumns': {
      const t = resource.Table ?? resource.TableWithColumns!;
      const db = catalogName(t.DatabaseName);
      const name = t.Name === undefined ? undefined : catalogName(t.Name);
      const direct = relevant.some((g) => {
        const r =
          g.Resource.Table ??
          (g.Resource.TableWithColumns?.ColumnWildcard && !g.Resource.TableWithColumns.ColumnWildcard.ExcludedColumnNames?.length
            ? g.Resource.TableWithColumns
            : undefined);
        if (!r || catalogName(r.DatabaseName) !== db) return false;
        return 'TableWildcard' in r && r.TableWildcard ? true : name !== undefined && catalogName(r.Name ?? '') === name;
      });
      if (direct || name === undefined) return direct;
      return tagPolicies(relevant, 'TABLE', () => context.tags(db, name));
    }
  }
}

async function tagPolicies(
  grants: readonly LfGrant[],
  type: 'DATABASE' | 'TABLE',
  tags: () => Promise<ReadonlyMap<string, string>>,
): Promise<boolean> {
  const policies = grants.filter((g) => g.Resource.LFTagPolicy?.ResourceType === type);
  if (policies.length === 0) return false;
  const on = await tags();
  return policies.some((g) => tagsMatch(on, g.Resource.LFTagPolicy!.Expression));
}

/** SELECT on a table or columns: every row of those columns (all columns for a table) is in the caller's view. */
async function selects(resource: LfResource, context: AllowsContext): Promise<boolean> {
  const t = resource.Table ?? resource.TableWithColumns!;
  if (t.Name === undefined) return false;
  const view = await context.view(t.DatabaseName, t.Name);
  if (view.kind === 'unrestricted') return true;
  if (view.kind === 'denied') return false;
  const c = resource.TableWithColumns;
  const all = view.table.columns.map((x) => x.name.toLowerCase());
  const wanted = c?.ColumnNames
    ? c.ColumnNames.map((n) => n.toLowerCase())
    : all.filter((n) => !(c?.ColumnWildcard?.ExcludedColumnNames ?? []).some((e) => e.toLowerCase() === n));
  const full = view.slices.filter((s) => s.rowFilter === undefined).flatMap((s) => s.columns.map((x) => x.toLowerCase()));
  return wanted.every((n) => full.includes(n));
}
