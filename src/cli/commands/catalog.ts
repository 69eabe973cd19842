/** `godwit catalog …`: thin over the governance catalog (src/governance/catalog). */
import { GodwitError } from '../../core/errors.js';
import type { ExternalFormat } from '../../governance/catalog/catalog-store.js';
import { parseTableName, resourceText } from '../../governance/catalog/resource-syntax.js';
import type { CatalogColumn } from '../../governance/governance-records.js';
import { storeResolverOf } from '../artifact-location.js';
import { configOf, EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type {
  catalogCreateTableOptions,
  catalogDatabasesOptions,
  catalogDeleteTableOptions,
  catalogShowOptions,
  catalogSyncOptions,
  catalogTablesOptions,
} from '../spec/catalog-specs.js';
import type { Handler } from '../spec/command-spec.js';

export const catalogSync: Handler<typeof catalogSyncOptions> = {
  async run({ values, io }) {
    const { warehouseFor } = await import('../../warehouse/index.js');
    const { readWarehouseTables } = await import('../../governance/catalog/catalog-sync.js');
    const warehouse = await warehouseFor(configOf(io), values.warehouse, io.env, { stores: storeResolverOf(io) });
    let read: Awaited<ReturnType<typeof readWarehouseTables>>;
    try {
      read = await readWarehouseTables(warehouse);
    } finally {
      await warehouse.close();
    }
    const result = await withMetadata(io, (m) => m.catalog.syncWarehouse(read));
    if (values.json) json(io, result);
    else {
      write(io.stdout, `Synced warehouse ${result.warehouse}: ${result.databases} database(s), ${result.tables} table(s).`);
      if (result.removed.length > 0) write(io.stdout, `Removed (no longer in the warehouse): ${result.removed.join(', ')}.`);
    }
    return EXIT.ok;
  },
};

export const catalogDatabases: Handler<typeof catalogDatabasesOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (m) => {
      const dbs = await m.catalog.listDatabases();
      if (values.json) json(io, dbs);
      else if (dbs.length === 0) write(io.stdout, 'The catalog is empty: godwit catalog sync reads the warehouse.');
      else
        write(
          io.stdout,
          table(
            ['DATABASE', 'WAREHOUSE'],
            dbs.map((d) => [d.name, d.warehouse ?? '-']),
          ),
        );
      return EXIT.ok;
    }),
};

export const catalogTables: Handler<typeof catalogTablesOptions> = {
  run: ({ values, positionals: [db], io }) =>
    withMetadata(io, async (m) => {
      const names = db ? [db] : (await m.catalog.listDatabases()).map((d) => d.name);
      const tables = [];
      for (const name of names) tables.push(...(await m.catalog.listTables(name)));
      if (values.json) json(io, tables);
      else
        write(
          io.stdout,
          table(
            ['TABLE', 'COLUMNS', 'SOURCE'],
            tables.map((t) => [
              `${t.database}.${t.name}`,
              String(t.columns.length),
              t.location ? `${t.location.format} ${t.location.uri}` : `warehouse ${t.warehouse ?? '-'}`,
            ]),
          ),
        );
      return EXIT.ok;
    }),
};

export const catalogShow: Handler<typeof catalogShowOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (m) => {
      const { database, name: t } = parseTableName(name);
      const found = await m.catalog.getTable(database, t);
      if (!found) {
        await m.catalog.listTables(database);
        throw new GodwitError('E_CATALOG_NOT_FOUND', `There is no table "${t}" in database "${database}".`, {
          hint: `godwit catalog tables ${database} lists its tables.`,
        });
      }
      const tags = await m.catalog.resourceTags({ database, table: t });
      const filters = await m.catalog.listFilters({ database, name: t });
      const grants = [
        ...(await m.catalog.listPermissions({ resource: { Table: { DatabaseName: database, Name: t } } })),
        ...(
          await Promise.all(
            filters.map((f) =>
              m.catalog.listPermissions({
                resource: { DataCellsFilter: { DatabaseName: database, TableName: t, Name: f.Name } },
              }),
            ),
          )
        ).flat(),
      ];
      if (values.json) {
        json(io, { table: found, tags, filters, grants });
        return EXIT.ok;
      }
      const colTags = new Map((tags.columns ?? []).map((c) => [c.name, c.tags]));
      const pairs = (p: readonly { TagKey: string; TagValues: readonly string[] }[] | undefined) =>
        (p ?? []).map((x) => `${x.TagKey}=${x.TagValues.join('|')}`).join(', ');
      write(
        io.stdout,
        `${found.database}.${found.name}  ${found.location ? `(${found.location.format} at ${found.location.uri})` : `(warehouse ${found.warehouse ?? '-'})`}`,
      );
      write(io.stdout, `LF-tags: database ${pairs(tags.database) || '-'}; table ${pairs(tags.table) || '-'}\n`);
      write(
        io.stdout,
        table(
          ['COLUMN', 'TYPE', 'LF-TAGS'],
          found.columns.map((c) => [c.name, c.type, pairs(colTags.get(c.name)) || '-']),
        ),
      );
      if (filters.length > 0) {
        write(io.stdout, '\nData cells filters');
        write(io.stdout, table(['NAME', 'ROWS', 'COLUMNS'], filters.map(filterRow)));
      }
      if (grants.length > 0) {
        write(io.stdout, '\nGrants');
        write(
          io.stdout,
          table(
            ['PRINCIPAL', 'RESOURCE', 'PERMISSIONS'],
            grants.map((g) => [g.Principal.DataLakePrincipalIdentifier, resourceText(g.Resource), g.Permissions.join(',')]),
          ),
        );
      }
      return EXIT.ok;
    }),
};

export function filterRow(f: import('../../governance/governance-records.js').DataCellsFilter): string[] {
  const rows = 'FilterExpression' in f.RowFilter ? f.RowFilter.FilterExpression : 'all rows';
  const cols = f.ColumnNames
    ? f.ColumnNames.join(',')
    : f.ColumnWildcard?.ExcludedColumnNames?.length
      ? `all but ${f.ColumnWildcard.ExcludedColumnNames.join(',')}`
      : 'all columns';
  return [f.Name, rows, cols];
}

export const catalogCreateTable: Handler<typeof catalogCreateTableOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (m) => {
      const { database, name: t } = parseTableName(name);
      const created = await m.catalog.createTable({
        database,
        name: t,
        columns: parseColumns(values.columns as string),
        location: { uri: values.location as string, format: values.format as ExternalFormat },
      });
      if (values.json) json(io, created);
      else
        write(
          io.stdout,
          `Created external table ${created.database}.${created.name} over ${created.location?.uri} (${created.location?.format}).`,
        );
      return EXIT.ok;
    }),
};

function parseColumns(text: string): CatalogColumn[] {
  return text.split(',').map((pair) => {
    const at = pair.indexOf(':');
    if (at <= 0 || at === pair.length - 1) {
      throw new GodwitError('E_CATALOG_INPUT', `"${pair}" is not NAME:TYPE.`, {
        hint: '--columns id:BIGINT,region:VARCHAR,spend:DOUBLE',
      });
    }
    return { name: pair.slice(0, at).trim(), type: pair.slice(at + 1).trim() };
  });
}

export const catalogDeleteTable: Handler<typeof catalogDeleteTableOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async (m) => {
      const { database, name: t } = parseTableName(name);
      await m.catalog.deleteTable(database, t);
      if (values.json) json(io, { deleted: `${database}.${t}`.toLowerCase() });
      else write(io.stdout, `Removed ${database}.${t} from the catalog (its data is untouched).`);
      return EXIT.ok;
    }),
};
