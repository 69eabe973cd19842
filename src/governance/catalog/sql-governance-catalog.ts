/**
 * The governance catalog over the database seam: grants in Lake Formation's shapes, data cells
 * filters, and the two questions the rest of Godwit asks (`viewOf`, `allows`). Databases, tables,
 * locations and LF-tags are in sql-catalog-objects.ts; what a grant may be is grant-checks.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import {
  type Caller,
  type CatalogColumn,
  type DataCellsFilter,
  EVERYONE,
  type LfGrant,
  type LfPermission,
  type LfResource,
  type LfTagPair,
  type TableView,
} from '../governance-records.js';
import { grantAllows } from './allows.js';
import { checkColumns, filterValues, grantRow, toFilter, toGrant, union } from './catalog-rows.js';
import type { CatalogStore, CatalogTableInfo, ExternalFormat, SyncResult, TagTarget, WarehouseTables } from './catalog-store.js';
import { tableView, viewSlices } from './effective-view.js';
import { checkFilter } from './filter-checks.js';
import { checkGrant } from './grant-checks.js';
import { catalogName, describeResource, locationCovers, locationUri, resourceKey } from './lf-resources.js';
import * as objects from './sql-catalog-objects.js';
import { resolveColumns } from './table-columns.js';

type GrantInput = Omit<LfGrant, 'LastUpdated' | 'LastUpdatedBy'>;

export class SqlGovernanceCatalog implements CatalogStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  // ── Databases and tables ─────────────────────────────────────────────────────────────────

  listDatabases() {
    return objects.listDatabases(this.db);
  }

  async listTables(database: string): Promise<CatalogTableInfo[]> {
    await objects.requireDatabase(this.db, database);
    const rows = await this.db.query('SELECT * FROM catalog_tables WHERE database_name = ? ORDER BY name', [
      catalogName(database),
    ]);
    return rows.map(objects.toTable);
  }

  getTable(database: string, name: string) {
    return objects.findTable(this.db, database, name);
  }

  async syncWarehouse(read: WarehouseTables): Promise<SyncResult> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const seen = new Set<string>();
      for (const t of read.tables) {
        await objects.ensureDatabase(tx, t.database, now, read.warehouse);
        await objects.putTable(tx, t, read.warehouse, now);
        seen.add(`${catalogName(t.database)}.${catalogName(t.name)}`);
      }
      const before = await tx.query(
        'SELECT database_name, name FROM catalog_tables WHERE warehouse = ? ORDER BY database_name, name',
        [read.warehouse],
      );
      const removed: string[] = [];
      for (const r of before) {
        const key = `${r.database_name}.${r.name}`;
        if (seen.has(key)) continue;
        await objects.dropTable(tx, String(r.database_name), String(r.name));
        removed.push(key);
      }
      return {
        warehouse: read.warehouse,
        databases: new Set(read.tables.map((t) => catalogName(t.database))).size,
        tables: seen.size,
        removed,
      };
    });
  }

  async createTable(table: {
    database: string;
    name: string;
    columns: readonly CatalogColumn[];
    location: { uri: string; format: ExternalFormat };
  }): Promise<CatalogTableInfo> {
    checkColumns(table.columns, `${table.database}.${table.name}`);
    const uri = `${locationUri(table.location.uri)}/`;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      if (await objects.findTable(tx, table.database, table.name)) {
        throw new GodwitError(
          'E_CATALOG_EXISTS',
          `Table ${catalogName(table.database)}.${catalogName(table.name)} is already in the catalog.`,
          {
            hint: 'Delete it first (godwit catalog delete-table), or pick another name.',
          },
        );
      }
      // As Lake Formation, a table's data lies under a registered location (godwit catalog register-location).
      await objects.requireLocation(tx, uri);
      await objects.ensureDatabase(tx, table.database, now);
      await objects.putTable(tx, { ...table, location: { uri, format: table.location.format } }, undefined, now);
    });
    return (await objects.findTable(this.db, table.database, table.name)) as CatalogTableInfo;
  }

  async deleteTable(database: string, name: string): Promise<void> {
    await objects.requireTable(this.db, database, name);
    await this.db.transaction((tx) => objects.dropTable(tx, database, name));
  }

  // ── Locations and LF-tags ────────────────────────────────────────────────────────────────

  async registerLocation(resourceArn: string, roleArn?: string) {
    const uri = locationUri(resourceArn);
    const registered = await objects.listLocations(this.db);
    if (registered.some((l) => locationUri(l.resourceArn) === uri)) {
      throw new GodwitError('E_CATALOG_EXISTS', `The location ${resourceArn} is already registered.`);
    }
    const now = this.clock.now();
    await this.db.run('INSERT INTO catalog_locations (resource_arn, role_arn, registered_at) VALUES (?, ?, ?)', [
      resourceArn,
      roleArn ?? null,
      now.toISOString(),
    ]);
    return { resourceArn, roleArn, registeredAt: now };
  }

  listLocations() {
    return objects.listLocations(this.db);
  }

  async getLocation(resourceArn: string) {
    const uri = locationUri(resourceArn);
    return (await objects.listLocations(this.db)).find((l) => locationUri(l.resourceArn) === uri);
  }

  async deregisterLocation(resourceArn: string): Promise<void> {
    const uri = locationUri(resourceArn);
    const registered = await objects.listLocations(this.db);
    const found = registered.find((l) => locationUri(l.resourceArn) === uri);
    if (!found) {
      throw objects.notFound(
        `registered data location "${resourceArn}"`,
        `Registered: ${registered.map((l) => l.resourceArn).join(', ') || 'none'} (godwit catalog locations).`,
      );
    }
    // A table under it must stay under some registered location (a broader one may cover it).
    const others = registered.filter((l) => l !== found).map((l) => l.resourceArn);
    const rows = await this.db.query(
      'SELECT database_name, name, location FROM catalog_tables WHERE location IS NOT NULL ORDER BY database_name, name',
    );
    const orphaned = rows
      .filter(
        (r) =>
          locationCovers(found.resourceArn, String(r.location)) && !others.some((o) => locationCovers(o, String(r.location))),
      )
      .map((r) => `${r.database_name}.${r.name}`);
    if (orphaned.length > 0) {
      throw new GodwitError(
        'E_CATALOG_INPUT',
        `The location ${resourceArn} holds the external tables ${orphaned.join(', ')}; it cannot be deregistered while they are in the catalog.`,
        { hint: `Delete them first (godwit catalog delete-table ${orphaned[0]}), or register a broader location.` },
      );
    }
    await this.db.run('DELETE FROM catalog_locations WHERE resource_arn = ?', [found.resourceArn]);
  }

  async createTag(key: string, values: readonly string[]): Promise<LfTagPair> {
    const TagKey = key.toLowerCase();
    const TagValues = [...new Set(values)];
    if (
      !/^[\w.:/=+@-]{1,128}$/.test(TagKey) ||
      TagValues.length === 0 ||
      TagValues.some((v) => !/^[\w.:/=+@ -]{1,256}$/.test(v))
    ) {
      throw new GodwitError(
        'E_CATALOG_INPUT',
        `LF-tag ${key} with values [${values.join(', ')}] is not one Lake Formation accepts.`,
        {
          hint: 'A key of letters, digits and _.:/=+@- (up to 128), and at least one value: godwit tags create domain --values sales,marketing.',
        },
      );
    }
    const [had] = await this.db.query('SELECT tag_key FROM catalog_tag_keys WHERE tag_key = ?', [TagKey]);
    if (had) throw new GodwitError('E_CATALOG_EXISTS', `LF-tag ${TagKey} already exists.`);
    await this.db.run('INSERT INTO catalog_tag_keys (tag_key, tag_values, created_at) VALUES (?, ?, ?)', [
      TagKey,
      JSON.stringify(TagValues),
      this.clock.now().toISOString(),
    ]);
    return { TagKey, TagValues };
  }

  listTags() {
    return objects.listTags(this.db);
  }

  async assignTags(target: TagTarget, tags: readonly LfTagPair[]): Promise<void> {
    let column = target.column;
    if (target.table) {
      const table = await objects.requireTable(this.db, target.database, target.table);
      if (column !== undefined) column = resolveColumns(table, [column], 'LF-tag assignment')[0];
    } else await objects.requireDatabase(this.db, target.database);
    await objects.requireTags(this.db, tags);
    for (const pair of tags) {
      if (pair.TagValues.length !== 1) {
        throw new GodwitError(
          'E_CATALOG_INPUT',
          `LF-tag ${pair.TagKey} is given ${pair.TagValues.length} values; a resource holds one value per key.`,
        );
      }
    }
    await this.db.transaction(async (tx) => {
      for (const pair of tags) await objects.putTag(tx, { ...target, column }, pair);
    });
  }

  async resourceTags(target: TagTarget) {
    if (!target.table) await objects.requireDatabase(this.db, target.database);
    return objects.resourceTags(this.db, target);
  }

  tableTags(database: string, table: string) {
    return objects.tableTags(this.db, database, table);
  }

  // ── Grants ───────────────────────────────────────────────────────────────────────────────

  async grant(grant: GrantInput, by: string): Promise<void> {
    const checked = await checkGrant(this.db, grant);
    const key = resourceKey(checked.Resource);
    await this.db.transaction(async (tx) => {
      const had = await grantRow(tx, checked.Principal.DataLakePrincipalIdentifier, key);
      const permissions = union(had?.Permissions, checked.Permissions);
      const grantOption = union(had?.PermissionsWithGrantOption, checked.PermissionsWithGrantOption);
      await tx.run(
        `INSERT INTO catalog_grants (principal, resource_key, resource, permissions, grant_option, last_updated, last_updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (principal, resource_key) DO UPDATE SET permissions = excluded.permissions,
           grant_option = excluded.grant_option, last_updated = excluded.last_updated, last_updated_by = excluded.last_updated_by`,
        [
          checked.Principal.DataLakePrincipalIdentifier,
          key,
          JSON.stringify(had?.Resource ?? checked.Resource),
          JSON.stringify(permissions),
          JSON.stringify(grantOption),
          this.clock.now().toISOString(),
          by,
        ],
      );
    });
  }

  async revoke(grant: GrantInput, by: string): Promise<void> {
    const checked = await checkGrant(this.db, grant, { revoking: true });
    const principal = checked.Principal.DataLakePrincipalIdentifier;
    const key = resourceKey(checked.Resource);
    await this.db.transaction(async (tx) => {
      const had = await grantRow(tx, principal, key);
      const held = new Set(had?.Permissions ?? []);
      const heldOption = new Set(had?.PermissionsWithGrantOption ?? []);
      const missing = [
        ...checked.Permissions.filter((p) => !held.has(p)),
        ...checked.PermissionsWithGrantOption.filter((p) => !heldOption.has(p)).map((p) => `${p} with grant option`),
      ];
      if (!had || missing.length > 0) {
        throw new GodwitError(
          'E_CATALOG_INPUT',
          `No permissions revoked: ${principal} does not hold ${missing.join(', ') || checked.Permissions.join(', ')} on ${describeResource(checked.Resource)}.`,
          { hint: `godwit grants --principal ${principal} lists what it holds.` },
        );
      }
      // Revoking a permission takes its grant option with it; revoking only the option keeps the permission.
      const permissions = had.Permissions.filter((p) => !checked.Permissions.includes(p));
      const grantOption = had.PermissionsWithGrantOption.filter(
        (p) => permissions.includes(p) && !checked.PermissionsWithGrantOption.includes(p),
      );
      if (permissions.length === 0) {
        await tx.run('DELETE FROM catalog_grants WHERE principal = ? AND resource_key = ?', [principal, key]);
        return;
      }
      await tx.run(
        `UPDATE catalog_grants SET permissions = ?, grant_option = ?, last_updated = ?, last_updated_by = ?
          WHERE principal = ? AND resource_key = ?`,
        [JSON.stringify(permissions), JSON.stringify(grantOption), this.clock.now().toISOString(), by, principal, key],
      );
    });
  }

  async revokeAll(principal: string): Promise<number> {
    const { changes } = await this.db.run('DELETE FROM catalog_grants WHERE principal = ?', [principal]);
    return changes;
  }

  async listPermissions(filter: { principal?: string; resource?: LfResource } = {}): Promise<LfGrant[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.principal) where.push('principal = ?') && params.push(filter.principal);
    if (filter.resource) {
      const key = resourceKey(filter.resource);
      if (key.startsWith('table:') && !key.endsWith('.*')) {
        // A table's permissions are those on the table and on its columns, as ListPermissions answers.
        where.push("(resource_key = ? OR resource_key LIKE ? ESCAPE '\\')");
        params.push(key, `columns:${key.slice('table:'.length).replace(/[\\%_]/g, (c) => `\\${c}`)}:%`);
      } else where.push('resource_key = ?') && params.push(key);
    }
    const rows = await this.db.query(
      `SELECT * FROM catalog_grants${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY principal, resource_key`,
      params,
    );
    return rows.map(toGrant);
  }

  // ── Data cells filters ───────────────────────────────────────────────────────────────────

  async createFilter(filter: DataCellsFilter): Promise<DataCellsFilter> {
    const table = await objects.requireTable(this.db, filter.DatabaseName, filter.TableName);
    const checked = checkFilter(filter, table);
    if (await this.getFilter(filter.DatabaseName, filter.TableName, filter.Name)) {
      throw new GodwitError(
        'E_CATALOG_EXISTS',
        `Data cells filter ${checked.Name} already exists on ${table.database}.${table.name}.`,
        {
          hint: 'Delete it first, update it, or pick another name.',
        },
      );
    }
    const stored = { ...checked, VersionId: randomUUID() };
    await this.db.run(
      `INSERT INTO catalog_filters (database_name, table_name, name, row_filter, column_names, excluded_columns, version_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [...filterValues(stored), this.clock.now().toISOString()],
    );
    return stored;
  }

  async updateFilter(filter: DataCellsFilter): Promise<DataCellsFilter> {
    const table = await objects.requireTable(this.db, filter.DatabaseName, filter.TableName);
    const checked = checkFilter(filter, table);
    if (!(await this.getFilter(filter.DatabaseName, filter.TableName, filter.Name))) {
      throw objects.notFound(`data cells filter ${filter.Name} on ${table.database}.${table.name}`, 'Create it first.');
    }
    const stored = { ...checked, VersionId: randomUUID() };
    const [d, t, n, row, cols, excluded, version] = filterValues(stored);
    await this.db.run(
      `UPDATE catalog_filters SET row_filter = ?, column_names = ?, excluded_columns = ?, version_id = ?
        WHERE database_name = ? AND table_name = ? AND name = ?`,
      [row, cols, excluded, version, d, t, n],
    );
    return stored;
  }

  async getFilter(database: string, table: string, name: string): Promise<DataCellsFilter | undefined> {
    const [row] = await this.db.query('SELECT * FROM catalog_filters WHERE database_name = ? AND table_name = ? AND name = ?', [
      catalogName(database),
      catalogName(table),
      name,
    ]);
    return row && toFilter(row);
  }

  async listFilters(table?: { database: string; name: string }): Promise<DataCellsFilter[]> {
    if (table) await objects.requireTable(this.db, table.database, table.name);
    const rows = table
      ? await this.db.query('SELECT * FROM catalog_filters WHERE database_name = ? AND table_name = ? ORDER BY name', [
          catalogName(table.database),
          catalogName(table.name),
        ])
      : await this.db.query('SELECT * FROM catalog_filters ORDER BY database_name, table_name, name');
    return rows.map(toFilter);
  }

  async deleteFilter(database: string, table: string, name: string): Promise<void> {
    const d = catalogName(database);
    const t = catalogName(table);
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('DELETE FROM catalog_filters WHERE database_name = ? AND table_name = ? AND name = ?', [
        d,
        t,
        name,
      ]);
      if (changes === 0) {
        throw objects.notFound(`data cells filter ${name} on ${d}.${t}`, `godwit filter list --on ${d}.${t} lists its filters.`);
      }
      // The grants on a filter go with it, as Lake Formation's do.
      await tx.run('DELETE FROM catalog_grants WHERE resource_key = ?', [`filter:${d}.${t}.${name}`]);
    });
  }

  // ── The two questions ────────────────────────────────────────────────────────────────────

  async viewOf(caller: Caller, database: string, table: string): Promise<TableView> {
    const found = await objects.requireTable(this.db, database, table);
    const { warehouse: _w, createdAt: _c, updatedAt: _u, ...plain } = found;
    if (caller.kind === 'local') return { kind: 'unrestricted', table: plain };
    const grants = await this.grantsOf(caller.principal.arn);
    const filters = await this.listFilters({ database, name: table });
    const tags = await this.tableTags(database, table);
    return tableView(plain, viewSlices(plain, grants, filters, tags), caller.principal.arn);
  }

  async allows(caller: Caller, permission: LfPermission, resource: LfResource): Promise<boolean> {
    if (caller.kind === 'local') return true;
    const grants = await this.grantsOf(caller.principal.arn);
    return grantAllows(grants, permission, resource, {
      view: (db, t) => this.viewOf(caller, db, t),
      tags: async (db, t) =>
        t === undefined ? (await objects.tableTags(this.db, db, '')).table : (await objects.tableTags(this.db, db, t)).table,
    });
  }

  /** The grants to a principal and to everyone. */
  private async grantsOf(arn: string): Promise<LfGrant[]> {
    const rows = await this.db.query('SELECT * FROM catalog_grants WHERE principal = ? OR principal = ?', [arn, EVERYONE]);
    return rows.map(toGrant);
  }
}
