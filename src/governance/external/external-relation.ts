/**
 * An external table's objects as a DuckDB relation (docs/governance-design.md, "External tables
 * over locations"): the objects under its location are listed through Godwit's stores at the
 * moment a statement names the table (so an object written a second ago is read, and one deleted
 * is not), read where they lie when the store is files on disk (the home's `file://` and offline
 * `gs://` stores), fetched into a scratch folder otherwise (S3, the home's local S3 server, GCS),
 * and read by DuckDB with the catalog's column list and types:
 *
 * ```sql
 * (SELECT "id", "region" FROM read_csv(['/…/a.csv', '/…/b.csv'], header = true, …,
 *   columns = {'id': 'INTEGER', 'region': 'VARCHAR'}, auto_detect = false))
 * ```
 *
 * That text replaces the table's name in a statement (the rewriter's `externalRelation` hook for
 * a principal, `external-warehouse.ts` for the local user); a principal never writes it, and the
 * rewriter still refuses `read_csv` and its kin in what a principal writes. One `ExternalReads`
 * serves one statement: `close` removes what it fetched, `explain` turns DuckDB's error about an
 * object that does not parse into E_EXTERNAL_READ naming the table and the object's URI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { fromFileUri } from '../../core/uri.js';
import { mapLimit } from '../../store/map-limit.js';
import { readerSql } from '../../warehouse/duckdb/duckdb-copy.js';
import { checkObjectUri } from '../../warehouse/object-uris.js';
import type { StoreResolver } from '../../warehouse/warehouse.js';
import { quoteName } from '../enforce/duckdb-lexer.js';
import type { CatalogTable } from '../governance-records.js';

type Format = 'csv' | 'json' | 'parquet';

/** File name endings of each format (a `.gz` after csv or json is read compressed). */
const ENDINGS: Readonly<Record<Format, readonly string[]>> = {
  csv: ['.csv', '.tsv', '.csv.gz', '.tsv.gz'],
  json: ['.json', '.jsonl', '.ndjson', '.json.gz', '.jsonl.gz', '.ndjson.gz'],
  parquet: ['.parquet', '.parq'],
};

/** A type the catalog may hold that is safe to write into SQL: a name, an optional (p[, s]), optional []. */
const TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])*$/;

const FETCHES_IN_FLIGHT = 4;

interface Read {
  readonly table: CatalogTable;
  /** Local path → the object's URI, for messages. */
  readonly files: Map<string, string>;
}

export class ExternalReads {
  private readonly reads: Read[] = [];
  private scratch?: Promise<string>;

  constructor(
    private readonly stores: StoreResolver | undefined,
    private readonly warehouse = 'the warehouse',
  ) {}

  /** The table's objects as a parenthesized DuckDB query with exactly the catalog's columns, typed. */
  async relation(table: CatalogTable): Promise<string> {
    const location = table.location;
    const label = `${table.database}.${table.name}`;
    if (!location) throw new GodwitError('E_INTERNAL', `Table ${label} is not an external table.`);
    for (const c of table.columns) {
      if (!TYPE.test(c.type)) {
        throw new GodwitError(
          'E_CATALOG_INPUT',
          `Column ${c.name} of external table ${label} has the type "${c.type}", which DuckDB cannot read it as.`,
          {
            hint: 'Recreate the table with plain types: godwit catalog create-table … --columns id:BIGINT,region:VARCHAR.',
          },
        );
      }
    }
    const files = await this.fetch(location, label);
    this.reads.push({ table, files });
    return relationSql(table, location.format, [...files.keys()]);
  }

  /** The objects under a location, checked against its format, as local paths (→ their URIs). */
  async fetch(location: { readonly uri: string; readonly format: Format }, label: string): Promise<Map<string, string>> {
    if (!this.stores) {
      throw new GodwitError(
        'E_CONFIG',
        `${this.warehouse} reaches no object stores, so external table ${label} cannot be read.`,
        {
          hint: 'Query it through godwit sql or a pipeline sql step, which give the warehouse the configured stores.',
        },
      );
    }
    const uri = location.uri.endsWith('/') ? location.uri : `${location.uri}/`;
    const { store, key } = await this.stores(checkObjectUri(uri));
    const objects = (await store.list(key)).filter((o) => dataObject(o.key.slice(key.length)));
    for (const o of objects) {
      const other = formatOf(o.key);
      if (other !== undefined && other !== location.format) {
        throw new GodwitError(
          'E_EXTERNAL_FORMAT',
          `External table ${label} is ${location.format}, but ${store.uri(o.key)} under its location ${uri} is ${other}.`,
          {
            hint: `Move the object out of ${uri}, or record the table with --format ${other} (godwit catalog delete-table ${label}, then create-table).`,
          },
        );
      }
    }
    const files = new Map<string, string>();
    await mapLimit(objects, FETCHES_IN_FLIGHT, async (o, i) => {
      const objectUri = store.uri(o.key);
      let path: string;
      if (objectUri.startsWith('file:')) path = fromFileUri(objectUri);
      else {
        this.scratch ??= mkdtemp(join(tmpdir(), 'godwit-external-'));
        path = join(await this.scratch, `${this.reads.length}-${i}-${basename(o.key) || 'object'}`);
        await store.getToFile(o.key, path);
      }
      files.set(path, objectUri);
    });
    // In key order, whatever order the fetches finished in.
    const order = new Map(objects.map((o, i) => [store.uri(o.key), i]));
    return new Map([...files].sort((a, b) => (order.get(a[1]) ?? 0) - (order.get(b[1]) ?? 0)));
  }

  /**
   * DuckDB's error while reading this statement's external tables as E_EXTERNAL_READ naming the
   * table and the object (its URI, not the scratch copy); any other error as it was.
   */
  explain(err: unknown): unknown {
    if (this.reads.length === 0 || (err instanceof GodwitError && /^E_(ACCESS_DENIED|EXTERNAL_)/.test(err.code))) return err;
    let message = err instanceof Error ? err.message : String(err);
    const involved = this.reads.filter((r) => [...r.files.keys()].some((p) => message.includes(p)));
    const parseError =
      /Conversion Error|CSV Error|Invalid Input Error|Could not convert|malformed|No magic bytes|not a parquet file|Binder Error: Referenced column/i.test(
        message,
      );
    if (involved.length === 0 && !parseError) return err;
    for (const r of this.reads) for (const [path, uri] of r.files) message = message.replaceAll(path, uri);
    const tables = involved.length > 0 ? involved : this.reads;
    const names = tables.map(
      (r) => `${r.table.database}.${r.table.name} (${r.table.location?.format} under ${r.table.location?.uri})`,
    );
    const columns = tables[0].table.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    return new GodwitError('E_EXTERNAL_READ', `Reading external table ${names.join(', ')} failed: ${message}`, {
      hint: `Its objects must be ${tables[0].table.location?.format} with the columns ${columns} (godwit catalog show ${tables[0].table.database}.${tables[0].table.name}); fix or move the object named.`,
      cause: err,
    });
  }

  /** Removes what was fetched for this statement. */
  async close(): Promise<void> {
    const scratch = await this.scratch?.catch(() => undefined);
    this.scratch = undefined;
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** An object's path below the location is data unless a segment starts with `.` or `_` (`_SUCCESS`, `.tmp/`), or it is a folder marker. */
function dataObject(rest: string): boolean {
  if (rest === '' || rest.endsWith('/')) return false;
  return !rest.split('/').some((s) => s.startsWith('.') || s.startsWith('_'));
}

function formatOf(key: string): Format | undefined {
  const name = key.toLowerCase();
  return (Object.keys(ENDINGS) as Format[]).find((f) => ENDINGS[f].some((e) => name.endsWith(e)));
}

function relationSql(table: CatalogTable, format: Format, paths: readonly string[]): string {
  const names = table.columns.map((c) => quoteName(c.name));
  if (paths.length === 0) {
    // No object yet: the table is empty, with its columns and types.
    return `(SELECT ${table.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteName(c.name)}`).join(', ')} WHERE false)`;
  }
  if (format === 'parquet') {
    const reader = readerSql({ uri: '', format: 'parquet' }, paths);
    return `(SELECT ${table.columns.map((c) => `CAST(${quoteName(c.name)} AS ${c.type}) AS ${quoteName(c.name)}`).join(', ')} FROM ${reader})`;
  }
  const columns = table.columns.map((c) => [c.name, c.type] as [string, string]);
  const reader = readerSql({ uri: '', format: format === 'json' ? 'jsonl' : 'csv' }, paths, columns);
  return `(SELECT ${names.join(', ')} FROM ${reader})`;
}

/**
 * The columns DuckDB reads from the objects under a location (`godwit catalog create-table`
 * without --columns): CSV and JSON lines sniffed, Parquet's own schema. `describe` runs a
 * `DESCRIBE SELECT …` on some DuckDB (an in-memory one).
 */
export async function inferColumns(
  stores: StoreResolver,
  location: { readonly uri: string; readonly format: Format },
  label: string,
  describe: (sql: string) => Promise<readonly Record<string, unknown>[]>,
): Promise<{ name: string; type: string }[]> {
  const reads = new ExternalReads(stores);
  try {
    const paths = [...(await reads.fetch(location, label)).keys()];
    if (paths.length === 0) {
      throw new GodwitError('E_CATALOG_INPUT', `There is no object under ${location.uri} to read the columns of ${label} from.`, {
        hint: "Write its objects first, or give the columns: --columns 'id INT, region VARCHAR'.",
      });
    }
    const files = `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`;
    const reader =
      location.format === 'parquet'
        ? `read_parquet(${files}, union_by_name = true)`
        : location.format === 'json'
          ? `read_json(${files}, format = 'newline_delimited')`
          : `read_csv(${files}, header = true, auto_detect = true)`;
    let rows: readonly Record<string, unknown>[];
    try {
      rows = await describe(`DESCRIBE SELECT * FROM ${reader}`);
    } catch (err) {
      throw new GodwitError(
        'E_EXTERNAL_READ',
        `The objects under ${location.uri} do not read as ${location.format}: ${err instanceof Error ? err.message : String(err)}`,
        { hint: 'Check --format, or give the columns with --columns.', cause: err },
      );
    }
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } finally {
    await reads.close();
  }
}
