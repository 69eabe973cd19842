/**
 * The command line's spelling of Lake Formation resources and principals (docs/governance.md):
 *
 * | text | resource |
 * | --- | --- |
 * | `catalog` | `Catalog` |
 * | `db` | `Database` |
 * | `db.*` | `Table` with `TableWildcard` |
 * | `db.table` | `Table` |
 * | `db.table(col1,col2)` | `TableWithColumns` with `ColumnNames` |
 * | `db.table(* except email,phone)` / `db.table(*)` | `TableWithColumns` with `ColumnWildcard` |
 * | `filter:db.table.name` | `DataCellsFilter` |
 * | `location:s3://bucket/prefix/` | `DataLocation` (S3 as its ARN) |
 * | `tag:key=v1\|v2` | `LFTag` |
 * | `tags:TABLE:key=v1\|v2,key2=w` | `LFTagPolicy` (DATABASE or TABLE) |
 *
 * `resourceText` writes a resource back in the same spelling.
 */
import { GodwitError } from '../../core/errors.js';
import { EVERYONE, type LfResource, type LfTagPair } from '../governance-records.js';

const SYNTAX =
  "Resources: catalog, db, db.*, db.table, db.table(col1,col2), 'db.table(* except email)', filter:db.table.name, location:s3://bucket/prefix/, tag:key=v1|v2, tags:TABLE:key=v1|v2,key2=w.";

const bad = (text: string, why: string) =>
  new GodwitError('E_CATALOG_INPUT', `"${text}" is not a resource: ${why}.`, { hint: SYNTAX });

const NAME = /^[A-Za-z0-9_$-]+$/;

export function parseResource(text: string): LfResource {
  const t = text.trim();
  if (t === 'catalog') return { Catalog: {} };
  if (t.startsWith('filter:')) {
    const parts = t.slice('filter:'.length).split('.');
    if (parts.length !== 3 || parts.some((p) => p === '')) throw bad(text, 'a filter is filter:DATABASE.TABLE.NAME');
    return { DataCellsFilter: { DatabaseName: parts[0], TableName: parts[1], Name: parts[2] } };
  }
  if (t.startsWith('location:')) return { DataLocation: { ResourceArn: locationArn(t.slice('location:'.length)) } };
  if (t.startsWith('tag:')) return { LFTag: parsePairs(t.slice('tag:'.length), text)[0] };
  if (t.startsWith('tags:')) {
    const [type, ...rest] = t.slice('tags:'.length).split(':');
    const ResourceType = type.toUpperCase();
    if (ResourceType !== 'DATABASE' && ResourceType !== 'TABLE')
      throw bad(text, 'a tag policy is tags:DATABASE:… or tags:TABLE:…');
    return { LFTagPolicy: { ResourceType, Expression: parsePairs(rest.join(':'), text) } };
  }
  const m = /^([^.()]+)(?:\.([^.()]+)(?:\((.*)\))?)?$/.exec(t);
  if (!m) throw bad(text, 'expected db, db.table or db.table(columns)');
  const [, database, table, columns] = m;
  if (!NAME.test(database)) throw bad(text, `"${database}" is not a database name`);
  if (table === undefined) return { Database: { Name: database } };
  if (table === '*') {
    if (columns !== undefined) throw bad(text, 'columns are granted on one table, not db.*');
    return { Table: { DatabaseName: database, TableWildcard: {} } };
  }
  if (!NAME.test(table)) throw bad(text, `"${table}" is not a table name`);
  if (columns === undefined) return { Table: { DatabaseName: database, Name: table } };
  const wildcard = /^\s*\*\s*(?:except\s+(.+))?$/i.exec(columns);
  if (wildcard) {
    return {
      TableWithColumns: {
        DatabaseName: database,
        Name: table,
        ColumnWildcard: { ExcludedColumnNames: names(wildcard[1] ?? '') },
      },
    };
  }
  const listed = names(columns);
  if (listed.length === 0) throw bad(text, 'name at least one column, or * except …');
  return { TableWithColumns: { DatabaseName: database, Name: table, ColumnNames: listed } };
}

const names = (list: string) =>
  list
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

function parsePairs(text: string, whole: string): LfTagPair[] {
  const pairs = text.split(',').map((p) => {
    const [key, values, ...extra] = p.split('=');
    if (!key || !values || extra.length > 0) throw bad(whole, `"${p}" is not KEY=VALUE[|VALUE…]`);
    return { TagKey: key.trim(), TagValues: values.split('|').map((v) => v.trim()) };
  });
  if (pairs.length === 0 || text === '') throw bad(whole, 'name at least one KEY=VALUE');
  return pairs;
}

/** `s3://bucket/prefix/` as Lake Formation's ARN (`arn:aws:s3:::bucket/prefix`); other URIs and ARNs as given. */
export function locationArn(uri: string): string {
  const s3 = /^s3:\/\/(.+?)\/*$/.exec(uri);
  return s3 ? `arn:aws:s3:::${s3[1]}` : uri;
}

export function resourceText(r: LfResource): string {
  if (r.Catalog) return 'catalog';
  if (r.Database) return r.Database.Name;
  if (r.Table) return `${r.Table.DatabaseName}.${r.Table.TableWildcard ? '*' : r.Table.Name}`;
  if (r.TableWithColumns) {
    const t = r.TableWithColumns;
    const cols = t.ColumnNames
      ? t.ColumnNames.join(',')
      : `*${t.ColumnWildcard?.ExcludedColumnNames?.length ? ` except ${t.ColumnWildcard.ExcludedColumnNames.join(',')}` : ''}`;
    return `${t.DatabaseName}.${t.Name}(${cols})`;
  }
  if (r.DataCellsFilter)
    return `filter:${r.DataCellsFilter.DatabaseName}.${r.DataCellsFilter.TableName}.${r.DataCellsFilter.Name}`;
  if (r.DataLocation) return `location:${r.DataLocation.ResourceArn}`;
  const pairs = (p: readonly LfTagPair[]) => p.map((x) => `${x.TagKey}=${x.TagValues.join('|')}`).join(',');
  if (r.LFTag) return `tag:${pairs([r.LFTag])}`;
  if (r.LFTagPolicy) return `tags:${r.LFTagPolicy.ResourceType}:${pairs(r.LFTagPolicy.Expression)}`;
  return JSON.stringify(r);
}

/** A principal as typed: an IAM ARN, IAM_ALLOWED_PRINCIPALS, or user/NAME and role/NAME in Godwit's account. */
export function parsePrincipal(text: string): string {
  if (text === EVERYONE || text.startsWith('arn:')) return text;
  const m = /^(user|role)\/(.+)$/.exec(text);
  if (m) return `arn:aws:iam::000000000000:${m[1]}/${m[2]}`;
  throw new GodwitError('E_CATALOG_INPUT', `"${text}" is not a principal.`, {
    hint: `Give user/NAME, role/NAME, an IAM ARN (arn:aws:iam::000000000000:user/ana) or ${EVERYONE}.`,
  });
}

/** DB.TABLE as its two names. */
export function parseTableName(text: string): { database: string; name: string } {
  const parts = text.split('.');
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p))) {
    throw new GodwitError('E_CATALOG_INPUT', `"${text}" is not DATABASE.TABLE.`, { hint: 'For example churn.customers.' });
  }
  return { database: parts[0], name: parts[1] };
}
