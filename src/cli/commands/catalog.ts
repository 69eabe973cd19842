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
  catalogDeregisterLocationOptions,
  catalogLocationsOptions,
  catalogRegisterLocationOptions,
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
      const location = { uri: values.location as string, format: values.format as ExternalFormat };
      const columns =
        values.columns === undefined
          ? await readColumns(io, m.catalog, `${database}.${t}`, location)
          : parseColumns(values.columns);
      const created = await m.catalog.createTable({ database, name: t, columns, location });
      if (values.json) json(io, created);
      else
        write(
          io.stdout,
          `Created external table ${created.database}.${created.name} over ${created.location?.uri} (${created.location?.format}): ${created.columns.map((c) => `${c.name} ${c.type}`).join(', ')}.`,
        );
      return EXIT.ok;
    }),
};

/** The columns DuckDB reads from the objects under the location, once the location is known to be registered. */
async function readColumns(
  io: Parameters<Handler['run']>[0]['io'],
  catalog: import('../../governance/catalog/catalog-store.js').CatalogStore,
  label: string,
  location: { uri: string; format: ExternalFormat },
): Promise<CatalogColumn[]> {
  const { locationCovers } = await import('../../governance/catalog/lf-resources.js');
  const registered = await catalog.listLocations();
  if (!registered.some((l) => locationCovers(l.resourceArn, location.uri))) {
    throw new GodwitError('E_CATALOG_NOT_FOUND', `There is no registered data location covering "${location.uri}".`, {
      hint: `Register it first: godwit catalog register-location ${location.uri}. Registered: ${registered.map((l) => l.resourceArn).join(', ') || 'none'}.`,
    });
  }
  const [{ inferColumns }, { createWarehouse }] = await Promise.all([
    import('../../governance/external/external-relation.js'),
    import('../../warehouse/duckdb/duckdb-warehouse.js'),
  ]);
  const stores = storeResolverOf(io);
  const duck = createWarehouse('infer', { type: 'duckdb', url: ':memory:' }, { home: configOf(io).home, stores });
  try {
    return await inferColumns(stores, location, label, async (sql) => (await duck.query(sql)).rows);
  } finally {
    await duck.close();
  }
}

/** `id:BIGINT,region:VARCHAR` or `id BIGINT, region VARCHAR, amount DECIMAL(10,2)` (commas inside parentheses kept). */
function parseColumns(text: string): CatalogColumn[] {
  const pairs: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      pairs.push(current);
      current = '';
    } else current += ch;
  }
  pairs.push(current);
  return pairs.map((raw) => {
    const pair = raw.trim();
    const m = /^([^\s:]+)\s*(?::|\s)\s*(\S.*)$/.exec(pair);
    if (!m) {
      throw new GodwitError('E_CATALOG_INPUT', `"${pair}" is not a column and its type.`, {
        hint: "--columns 'id BIGINT, region VARCHAR, spend DOUBLE' (or id:BIGINT,region:VARCHAR)",
      });
    }
    return { name: m[1], type: m[2].trim() };
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

export const catalogRegisterLocation: Handler<typeof catalogRegisterLocationOptions> = {
  run: ({ values, positionals: [uri], io }) =>
    withMetadata(io, async (m) => {
      const registered = await m.catalog.registerLocation(uri, values.role);
      if (values.json) json(io, registered);
      else write(io.stdout, `Registered ${registered.resourceArn}.`);
      return EXIT.ok;
    }),
};

export const catalogDeregisterLocation: Handler<typeof catalogDeregisterLocationOptions> = {
  run: ({ values, positionals: [uri], io }) =>
    withMetadata(io, async (m) => {
      await m.catalog.deregisterLocation(uri);
      if (values.json) json(io, { deregistered: uri });
      else write(io.stdout, `Deregistered ${uri} (its objects are untouched).`);
      return EXIT.ok;
    }),
};

export const catalogLocations: Handler<typeof catalogLocationsOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (m) => {
      const { locationCovers } = await import('../../governance/catalog/lf-resources.js');
      const locations = await m.catalog.listLocations();
      const tables = (await Promise.all((await m.catalog.listDatabases()).map((d) => m.catalog.listTables(d.name))))
        .flat()
        .filter((t) => t.location);
      const rows = locations.map((l) => ({
        resourceArn: l.resourceArn,
        roleArn: l.roleArn,
        registeredAt: l.registeredAt,
        tables: tables
          .filter((t) => locationCovers(l.resourceArn, (t.location as { uri: string }).uri))
          .map((t) => ({ table: `${t.database}.${t.name}`, uri: t.location?.uri, format: t.location?.format })),
      }));
      if (values.json) json(io, rows);
      else if (rows.length === 0) write(io.stdout, 'No locations are registered (godwit catalog register-location URI).');
      else
        write(
          io.stdout,
          table(
            ['LOCATION', 'REGISTERED', 'EXTERNAL TABLES'],
            rows.map((r) => [
              r.resourceArn,
              r.registeredAt.toISOString(),
              r.tables.map((t) => `${t.table} (${t.format})`).join(', ') || '-',
            ]),
          ),
        );
      return EXIT.ok;
    }),
};
