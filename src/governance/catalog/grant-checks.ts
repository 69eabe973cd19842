/**
 * What a grant may be, checked as Lake Formation checks GrantPermissions and RevokePermissions:
 * a principal ARN (or IAM_ALLOWED_PRINCIPALS), exactly one resource member, permissions that
 * resource takes (SELECT on columns only through TableWithColumns, DATA_LOCATION_ACCESS only on
 * a DataLocation, …), a grant option only for permissions granted, and a resource that exists:
 * an unknown database, table, column, filter, location or LF-tag is an error naming it.
 */
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import type { LfGrant, LfResource } from '../governance-records.js';
import {
  catalogName,
  checkPermissions,
  checkPrincipal,
  describeResource,
  locationUri,
  permissionsFor,
  resourceKind,
} from './lf-resources.js';
import * as objects from './sql-catalog-objects.js';
import { resolveColumns } from './table-columns.js';

type GrantInput = Omit<LfGrant, 'LastUpdated' | 'LastUpdatedBy'>;

/** The grant as stored: principal checked, resource normalised (names lower-cased, columns in the table's spelling). */
export async function checkGrant(db: SqlDatabase, grant: GrantInput, options: { revoking?: boolean } = {}): Promise<GrantInput> {
  const principal = checkPrincipal(grant.Principal?.DataLakePrincipalIdentifier);
  const resource = await normalise(db, grant.Resource);
  const Permissions = checkPermissions(grant.Permissions, 'Permissions');
  const PermissionsWithGrantOption = checkPermissions(grant.PermissionsWithGrantOption, 'PermissionsWithGrantOption');
  if (Permissions.length === 0 && (!options.revoking || PermissionsWithGrantOption.length === 0)) {
    throw new GodwitError('E_CATALOG_INPUT', 'Permissions is empty: name at least one permission.', {
      hint: `On ${describeResource(resource)}: ${permissionsFor(resource).join(', ')}.`,
    });
  }
  const allowed = permissionsFor(resource);
  const refused = [...Permissions, ...PermissionsWithGrantOption].filter((p) => !allowed.includes(p));
  if (refused.length > 0) {
    throw new GodwitError(
      'E_CATALOG_INPUT',
      `${[...new Set(refused)].join(', ')} cannot be granted on ${describeResource(resource)}.`,
      {
        hint: `It takes ${allowed.join(', ')}.${refused.includes('SELECT') && resource.Database ? ' SELECT is granted on tables (db.*) or columns, not on a database.' : ''}`,
      },
    );
  }
  if (!options.revoking) {
    const beyond = PermissionsWithGrantOption.filter((p) => !Permissions.includes(p));
    if (beyond.length > 0) {
      throw new GodwitError(
        'E_CATALOG_INPUT',
        `PermissionsWithGrantOption names ${beyond.join(', ')}, which Permissions does not grant.`,
        {
          hint: 'A grant option is given only with the permission itself.',
        },
      );
    }
  }
  return { Principal: { DataLakePrincipalIdentifier: principal }, Resource: resource, Permissions, PermissionsWithGrantOption };
}

/** The resource with only its member set, names normalised, and checked to exist. */
async function normalise(db: SqlDatabase, resource: LfResource | undefined): Promise<LfResource> {
  const kind = resourceKind(resource);
  const r = resource as LfResource;
  switch (kind) {
    case 'Catalog':
      return { Catalog: {} };
    case 'Database': {
      const name = required(r.Database?.Name, 'Database.Name');
      await objects.requireDatabase(db, name);
      return { Database: { Name: catalogName(name) } };
    }
    case 'Table': {
      const t = r.Table!;
      const database = required(t.DatabaseName, 'Table.DatabaseName');
      if ((t.Name === undefined) === (t.TableWildcard === undefined)) {
        throw new GodwitError('E_CATALOG_INPUT', 'A Table resource sets exactly one of Name and TableWildcard.', {
          hint: 'One table (db.table), or every table of the database (db.*).',
        });
      }
      if (t.TableWildcard) {
        await objects.requireDatabase(db, database);
        return { Table: { DatabaseName: catalogName(database), TableWildcard: {} } };
      }
      await objects.requireTable(db, database, t.Name as string);
      return { Table: { DatabaseName: catalogName(database), Name: catalogName(t.Name as string) } };
    }
    case 'TableWithColumns': {
      const t = r.TableWithColumns!;
      const table = await objects.requireTable(
        db,
        required(t.DatabaseName, 'TableWithColumns.DatabaseName'),
        required(t.Name, 'TableWithColumns.Name'),
      );
      if ((t.ColumnNames === undefined) === (t.ColumnWildcard === undefined)) {
        throw new GodwitError(
          'E_CATALOG_INPUT',
          'A TableWithColumns resource sets exactly one of ColumnNames and ColumnWildcard.',
        );
      }
      const what = `The grant on ${table.database}.${table.name}`;
      const base = { DatabaseName: table.database, Name: table.name };
      if (t.ColumnNames) {
        if (t.ColumnNames.length === 0) throw new GodwitError('E_CATALOG_INPUT', `${what} names no columns.`);
        return { TableWithColumns: { ...base, ColumnNames: resolveColumns(table, t.ColumnNames, what) } };
      }
      return {
        TableWithColumns: {
          ...base,
          ColumnWildcard: { ExcludedColumnNames: resolveColumns(table, t.ColumnWildcard?.ExcludedColumnNames ?? [], what) },
        },
      };
    }
    case 'DataLocation': {
      const arn = required(r.DataLocation?.ResourceArn, 'DataLocation.ResourceArn');
      locationUri(arn);
      await objects.requireLocation(db, arn);
      return { DataLocation: { ResourceArn: arn } };
    }
    case 'DataCellsFilter': {
      const f = r.DataCellsFilter!;
      const database = required(f.DatabaseName, 'DataCellsFilter.DatabaseName');
      const table = required(f.TableName, 'DataCellsFilter.TableName');
      const name = required(f.Name, 'DataCellsFilter.Name');
      await objects.requireTable(db, database, table);
      const [row] = await db.query('SELECT name FROM catalog_filters WHERE database_name = ? AND table_name = ? AND name = ?', [
        catalogName(database),
        catalogName(table),
        name,
      ]);
      if (!row) {
        throw objects.notFound(
          `data cells filter ${name} on ${catalogName(database)}.${catalogName(table)}`,
          `godwit filter list --on ${catalogName(database)}.${catalogName(table)} lists its filters.`,
        );
      }
      return { DataCellsFilter: { DatabaseName: catalogName(database), TableName: catalogName(table), Name: name } };
    }
    case 'LFTag': {
      const pair = {
        TagKey: required(r.LFTag?.TagKey, 'LFTag.TagKey').toLowerCase(),
        TagValues: [...(r.LFTag?.TagValues ?? [])],
      };
      await objects.requireTags(db, [pair]);
      return { LFTag: pair };
    }
    case 'LFTagPolicy': {
      const p = r.LFTagPolicy!;
      if (p.ResourceType !== 'DATABASE' && p.ResourceType !== 'TABLE') {
        throw new GodwitError(
          'E_CATALOG_INPUT',
          `LFTagPolicy.ResourceType is ${JSON.stringify(p.ResourceType)}: it is DATABASE or TABLE.`,
        );
      }
      const expression = (p.Expression ?? []).map((e) => ({ TagKey: e.TagKey.toLowerCase(), TagValues: [...e.TagValues] }));
      if (expression.length === 0)
        throw new GodwitError('E_CATALOG_INPUT', 'LFTagPolicy.Expression is empty: name at least one LF-tag.');
      await objects.requireTags(db, expression);
      return { LFTagPolicy: { ResourceType: p.ResourceType, Expression: expression } };
    }
  }
}

function required(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value === '') throw new GodwitError('E_CATALOG_INPUT', `${field} is missing.`);
  return value;
}
