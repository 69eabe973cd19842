/**
 * The catalog's objects over the database seam (catalog-schema.ts): databases, tables, registered
 * locations and LF-tags. Functions over a `SqlDatabase` (or a transaction's handle), the same SQL
 * on SQLite and PostgreSQL; `SqlGovernanceCatalog` composes them with grants and filters.
 */
import { GodwitError } from '../../core/errors.js';
import type { SqlDatabase, SqlRow } from '../../db/sql-database.js';
import type { CatalogColumn, LfTagPair } from '../governance-records.js';
import type {
  CatalogDatabase,
  CatalogTableInfo,
  ExternalFormat,
  RegisteredLocation,
  ResourceTags,
  TagTarget,
} from './catalog-store.js';
import type { TableTags } from './effective-view.js';
import { catalogName, locationUri } from './lf-resources.js';

export const notFound = (what: string, hint: string) => new GodwitError('E_CATALOG_NOT_FOUND', `There is no ${what}.`, { hint });

export async function listDatabases(db: SqlDatabase): Promise<CatalogDatabase[]> {
  const rows = await db.query('SELECT * FROM catalog_databases ORDER BY name');
  return rows.map((r) => ({
    name: String(r.name),
    description: (r.description as string | null) ?? undefined,
    warehouse: (r.warehouse as string | null) ?? undefined,
    location: (r.location as string | null) ?? undefined,
  }));
}

export async function ensureDatabase(tx: SqlDatabase, name: string, now: Date, warehouse?: string): Promise<void> {
  await tx.run(
    `INSERT INTO catalog_databases (name, warehouse, created_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET warehouse = COALESCE(catalog_databases.warehouse, excluded.warehouse)`,
    [catalogName(name), warehouse ?? null, now.toISOString()],
  );
}

export async function requireDatabase(db: SqlDatabase, name: string): Promise<void> {
  const [row] = await db.query('SELECT name FROM catalog_databases WHERE name = ?', [catalogName(name)]);
  if (!row) {
    const names = (await listDatabases(db)).map((d) => d.name);
    throw notFound(
      `database "${name}" in the catalog`,
      names.length ? `Databases: ${names.join(', ')}.` : 'The catalog is empty: godwit catalog sync reads the warehouse.',
    );
  }
}

export function toTable(r: SqlRow): CatalogTableInfo {
  const location = r.location as string | null;
  return {
    database: String(r.database_name),
    name: String(r.name),
    columns: JSON.parse(String(r.columns)) as CatalogColumn[],
    location: location ? { uri: location, format: r.format as ExternalFormat } : undefined,
    warehouse: (r.warehouse as string | null) ?? undefined,
    createdAt: new Date(String(r.created_at)),
    updatedAt: new Date(String(r.updated_at)),
  };
}

export async function findTable(db: SqlDatabase, database: string, name: string): Promise<CatalogTableInfo | undefined> {
  const [row] = await db.query('SELECT * FROM catalog_tables WHERE database_name = ? AND name = ?', [
    catalogName(database),
    catalogName(name),
  ]);
  return row && toTable(row);
}

/** The table, or E_CATALOG_NOT_FOUND naming it and the tables its database has. */
export async function requireTable(db: SqlDatabase, database: string, name: string): Promise<CatalogTableInfo> {
  const found = await findTable(db, database, name);
  if (found) return found;
  await requireDatabase(db, database);
  const names = (
    await db.query('SELECT name FROM catalog_tables WHERE database_name = ? ORDER BY name', [catalogName(database)])
  ).map((r) => String(r.name));
  throw notFound(
    `table "${name}" in database "${database}"`,
    names.length
      ? `Tables of ${catalogName(database)}: ${names.join(', ')}.`
      : `Database ${catalogName(database)} has no tables yet.`,
  );
}

/** Inserts or replaces a table's columns (and location), keeping when it was first recorded. */
export async function putTable(
  tx: SqlDatabase,
  table: {
    database: string;
    name: string;
    columns: readonly CatalogColumn[];
    location?: { uri: string; format: ExternalFormat };
  },
  warehouse: string | undefined,
  now: Date,
): Promise<void> {
  await tx.run(
    `INSERT INTO catalog_tables (database_name, name, columns, location, format, warehouse, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (database_name, name) DO UPDATE SET columns = excluded.columns, location = excluded.location,
       format = excluded.format, warehouse = excluded.warehouse, updated_at = excluded.updated_at`,
    [
      catalogName(table.database),
      catalogName(table.name),
      JSON.stringify(table.columns.map((c) => ({ name: c.name, type: c.type }))),
      table.location?.uri ?? null,
      table.location?.format ?? null,
      warehouse ?? null,
      now.toISOString(),
      now.toISOString(),
    ],
  );
}

/** Deletes a table and everything that hangs off it: filters, LF-tags, grants on it and on its filters. */
export async function dropTable(tx: SqlDatabase, database: string, name: string): Promise<void> {
  const d = catalogName(database);
  const t = catalogName(name);
  await tx.run('DELETE FROM catalog_tables WHERE database_name = ? AND name = ?', [d, t]);
  await tx.run('DELETE FROM catalog_filters WHERE database_name = ? AND table_name = ?', [d, t]);
  await tx.run('DELETE FROM catalog_tag_assignments WHERE database_name = ? AND table_name = ?', [d, t]);
  await tx.run(
    `DELETE FROM catalog_grants WHERE resource_key = ? OR resource_key LIKE ? ESCAPE '\\' OR resource_key LIKE ? ESCAPE '\\'`,
    [`table:${d}.${t}`, `columns:${like(`${d}.${t}`)}:%`, `filter:${like(`${d}.${t}`)}.%`],
  );
}

/** `value` for a LIKE pattern, its wildcards escaped. */
const like = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listLocations(db: SqlDatabase): Promise<RegisteredLocation[]> {
  const rows = await db.query('SELECT * FROM catalog_locations ORDER BY resource_arn');
  return rows.map((r) => ({
    resourceArn: String(r.resource_arn),
    roleArn: (r.role_arn as string | null) ?? undefined,
    registeredAt: new Date(String(r.registered_at)),
  }));
}

/** The registered location covering `arn` exactly (Lake Formation registers a location, then grants on it or under it). */
export async function requireLocation(db: SqlDatabase, arn: string): Promise<void> {
  const uri = locationUri(arn);
  const registered = await listLocations(db);
  const base = registered.find((l) => uri === locationUri(l.resourceArn) || uri.startsWith(`${locationUri(l.resourceArn)}/`));
  if (!base) {
    throw notFound(
      `registered data location covering "${arn}"`,
      `Register it first (RegisterResource, or godwit catalog register-location URI). Registered: ${registered.map((l) => l.resourceArn).join(', ') || 'none'}.`,
    );
  }
}

export async function listTags(db: SqlDatabase): Promise<LfTagPair[]> {
  const rows = await db.query('SELECT tag_key, tag_values FROM catalog_tag_keys ORDER BY tag_key');
  return rows.map((r) => ({ TagKey: String(r.tag_key), TagValues: JSON.parse(String(r.tag_values)) as string[] }));
}

/** Every pair's key exists and every value is one of the key's; E_CATALOG_NOT_FOUND naming the first that is not. */
export async function requireTags(db: SqlDatabase, pairs: readonly LfTagPair[]): Promise<void> {
  const known = new Map((await listTags(db)).map((t) => [t.TagKey, t.TagValues]));
  for (const pair of pairs) {
    const values = known.get(pair.TagKey.toLowerCase());
    if (!values) {
      throw notFound(
        `LF-tag key "${pair.TagKey}"`,
        `Create it first (godwit tags create ${pair.TagKey} --values …). Keys: ${[...known.keys()].join(', ') || 'none'}.`,
      );
    }
    const unknown = pair.TagValues.filter((v) => !values.includes(v));
    if (unknown.length > 0 || pair.TagValues.length === 0) {
      throw new GodwitError('E_CATALOG_INPUT', `LF-tag ${pair.TagKey} has no value ${unknown.join(', ') || '(none given)'}.`, {
        hint: `Its values: ${values.join(', ')}.`,
      });
    }
  }
}

const levelKey = (target: TagTarget) => [
  catalogName(target.database),
  target.table ? catalogName(target.table) : '',
  target.column ?? '',
];

export async function assignedTags(db: SqlDatabase, target: TagTarget): Promise<LfTagPair[]> {
  const rows = await db.query(
    'SELECT tag_key, tag_values FROM catalog_tag_assignments WHERE database_name = ? AND table_name = ? AND column_name = ? ORDER BY tag_key',
    levelKey(target),
  );
  return rows.map((r) => ({ TagKey: String(r.tag_key), TagValues: JSON.parse(String(r.tag_values)) as string[] }));
}

export async function putTag(tx: SqlDatabase, target: TagTarget, pair: LfTagPair): Promise<void> {
  await tx.run(
    `INSERT INTO catalog_tag_assignments (database_name, table_name, column_name, tag_key, tag_values) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (database_name, table_name, column_name, tag_key) DO UPDATE SET tag_values = excluded.tag_values`,
    [...levelKey(target), pair.TagKey.toLowerCase(), JSON.stringify(pair.TagValues)],
  );
}

export async function resourceTags(db: SqlDatabase, target: TagTarget): Promise<ResourceTags> {
  const database = await assignedTags(db, { database: target.database });
  if (!target.table) return { database };
  const table = await assignedTags(db, { database: target.database, table: target.table });
  const found = await requireTable(db, target.database, target.table);
  const names = target.column ? [target.column] : found.columns.map((c) => c.name);
  const columns = [];
  for (const name of names) columns.push({ name, tags: await assignedTags(db, { ...target, column: name }) });
  return { database, table, columns };
}

/** The tags in effect: a table's own over its database's, a column's own over its table's, per key. */
export async function tableTags(db: SqlDatabase, database: string, table: string): Promise<TableTags> {
  const rows = await db.query(
    `SELECT table_name, column_name, tag_key, tag_values FROM catalog_tag_assignments
      WHERE database_name = ? AND (table_name = '' OR table_name = ?)`,
    [catalogName(database), catalogName(table)],
  );
  const value = (r: SqlRow) => (JSON.parse(String(r.tag_values)) as string[])[0];
  const onTable = new Map<string, string>();
  for (const r of rows) if (r.table_name === '') onTable.set(String(r.tag_key), value(r));
  for (const r of rows) if (r.table_name !== '' && r.column_name === '') onTable.set(String(r.tag_key), value(r));
  const columns = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (r.table_name === '' || r.column_name === '') continue;
    const own = columns.get(String(r.column_name)) ?? new Map(onTable);
    own.set(String(r.tag_key), value(r));
    columns.set(String(r.column_name), own);
  }
  return { table: onTable, columns };
}
