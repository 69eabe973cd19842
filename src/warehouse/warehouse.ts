/**
 * A SQL warehouse: where tables live and SQL runs. DuckDB (embedded, the default), PostgreSQL,
 * Redshift and BigQuery each implement this interface and pass `warehouse.contract.ts`; pipeline
 * steps, `godwit sql` and the library above it never know which one they talk to.
 *
 * Semantics every warehouse keeps:
 *
 * - **SQL text is the warehouse's own dialect** (`dialect`): DuckDB's, PostgreSQL's, Redshift's or
 *   BigQuery's. Redshift and BigQuery SQL run offline through a dialect front end over DuckDB,
 *   which is itself a `Warehouse` whose `dialect` is the one it accepts.
 * - **Parameters are bound, never pasted.** `params` are named values; the SQL names them the way
 *   its dialect does: `$name` in DuckDB, `:name` in PostgreSQL and Redshift (as the Redshift Data
 *   API does), `@name` in BigQuery. A parameter the SQL uses but `params` lacks is E_SQL_PARAMETER;
 *   a value never becomes part of the SQL text, so it cannot inject SQL.
 * - **Identifiers** (`TableRef` parts, column names given as data) are validated or quoted by the
 *   warehouse before they reach SQL text; a name that cannot be expressed safely is
 *   E_SQL_IDENTIFIER. Object URIs are checked the same way (a key escaping its prefix is refused).
 * - **Statements are atomic where it matters.** `copyFrom` loads into the table inside one
 *   transaction (or into a staging table swapped in at the end): a COPY that fails half-way leaves
 *   the table as it was, and a table it was creating does not exist. `unload` writes its files
 *   under a fresh temporary name and publishes them only when every file is complete; it refuses
 *   a prefix that already holds objects (E_UNLOAD_NOT_EMPTY) unless `allowOverwrite`. Data the
 *   engine rejects in a COPY is E_COPY naming the object; a source with no objects is E_NOT_FOUND.
 * - **Row values are plain JS values**, the same from every warehouse: text as strings, integers
 *   as numbers (a BIGINT beyond 2^53 as a bigint), decimals and floats as numbers, booleans,
 *   NULL as `null`, dates and timestamps as `Date`, bytes as `Uint8Array`.
 * - **Cost signals.** Every statement reports what a user watches on the cloud bill: duration,
 *   rows, bytes scanned (or, for BigQuery, bytes processed) when the engine knows them, bytes and
 *   files written. A signal the engine cannot know is absent, never a made-up zero.
 * - **Errors** are `GodwitError`s with stable codes (E_SQL for a statement the engine rejects,
 *   E_WAREHOUSE_UNREACHABLE, E_WAREHOUSE_AUTH, E_TABLE_NOT_FOUND, …) whose message names the
 *   warehouse (never its password) and the object, and whose hint says the way out.
 *
 * A warehouse is cheap to construct and does no I/O until the first call; `close` releases its
 * connections and is safe to call twice.
 */
import type { ArtifactStore } from '../store/artifact-store.js';

export type WarehouseType = 'duckdb' | 'postgres' | 'redshift' | 'bigquery';
export type WarehouseDialect = 'duckdb' | 'postgres' | 'redshift' | 'bigquery';

export interface Warehouse {
  /** The configured name (`default`, `analytics`, …), for messages and metadata. */
  readonly name: string;
  readonly type: WarehouseType;
  /** The SQL dialect this warehouse accepts. */
  readonly dialect: WarehouseDialect;
  /**
   * How this warehouse reaches object storage (the resolver its COPY and UNLOAD use), for
   * statements that write objects of their own: BigQuery ML's EXPORT MODEL. Absent where the
   * warehouse reaches storage by itself (BigQuery's, Redshift's own).
   */
  readonly stores?: StoreResolver;
  /** Runs one statement and returns all its rows. For large results use `stream`. */
  query(sql: string, params?: SqlParams): Promise<QueryResult>;
  /** Runs one statement and yields its rows in batches, never holding the whole result. */
  stream(sql: string, params?: SqlParams, options?: StreamOptions): AsyncIterable<RowBatch>;
  /** Runs one statement that returns no rows (DDL, INSERT, …); `rows` is the rows affected. */
  execute(sql: string, params?: SqlParams): Promise<StatementCost>;
  /**
   * `CREATE TABLE table AS select`; with `replace`, an existing table is replaced atomically (a
   * failing select leaves the old table). Without it, an existing table is E_TABLE_EXISTS.
   */
  createTableAs(table: TableRef, select: string, options?: CreateOptions): Promise<StatementCost>;
  /**
   * A materialized view of `select`. Engines without them (DuckDB) keep the definition and
   * materialize it as a table that `refreshMaterializedView` recomputes; the behaviour a user
   * sees (query it, refresh it) is the same.
   */
  createMaterializedView(view: TableRef, select: string, options?: CreateOptions): Promise<StatementCost>;
  refreshMaterializedView(view: TableRef): Promise<StatementCost>;
  /** Loads objects at `source.uri` (one object, or every object under a prefix ending in `/`) into `table`. */
  copyFrom(table: TableRef, source: CopySource): Promise<StatementCost>;
  /** Writes the result of `select` as files under `target.uri` (a prefix). */
  unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult>;
  /**
   * What identifies the table's current contents, for cache keys: a value that changes whenever
   * the table's rows change (a counter the warehouse keeps, a modification time, or a digest of
   * its rows), or `undefined` when the table does not exist.
   */
  tableVersion(table: TableRef): Promise<string | undefined>;
  close(): Promise<void>;
}

/** A value bound to a named parameter. */
export type SqlValue = string | number | bigint | boolean | null | Date | Uint8Array;
export type SqlParams = Readonly<Record<string, SqlValue>>;

/** A table or view. `schema` is the Redshift/PostgreSQL schema or the BigQuery dataset. */
export interface TableRef {
  readonly name: string;
  readonly schema?: string;
  /** BigQuery's project; other warehouses refuse it. */
  readonly project?: string;
}

export interface Column {
  readonly name: string;
  /** The engine's type name as it reports it (`INTEGER`, `VARCHAR`, `FLOAT64`, …). */
  readonly type: string;
}

export type Row = Readonly<Record<string, unknown>>;

export interface QueryResult {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** The statement's cost signals; `cost.rows` is `rows.length`. */
  readonly cost: StatementCost;
}

export interface RowBatch {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

export interface StreamOptions {
  /** Rows per batch; default 10,000. */
  readonly batchRows?: number;
}

export interface CreateOptions {
  readonly replace?: boolean;
  readonly params?: SqlParams;
  /** Redshift's DISTKEY / SORTKEY and BigQuery's partitioning, kept as written where the engine has none. */
  readonly physical?: Readonly<Record<string, string | readonly string[]>>;
}

export type DataFormat = 'csv' | 'parquet' | 'jsonl';

export interface CopySource {
  /** `s3://`, `gs://` or `file://` URI of one object, or a prefix ending in `/`. */
  readonly uri: string;
  readonly format: DataFormat;
  /** CSV only. */
  readonly csv?: CsvOptions;
  /** Create the table from the data's columns when it does not exist (BigQuery LOAD DATA does). */
  readonly createTable?: boolean;
}

export interface CsvOptions {
  /** The first line holds column names (Redshift IGNOREHEADER 1, BigQuery skip_leading_rows=1). Default true. */
  readonly header?: boolean;
  readonly delimiter?: string;
  readonly quote?: string;
  /** The text that means NULL; default the empty string. */
  readonly nullAs?: string;
}

export interface UnloadTarget {
  /** A prefix URI; files are written as `<prefix><n>_part_<m>.<ext>` below it. */
  readonly uri: string;
  readonly format: DataFormat;
  /** Several files written in parallel (Redshift PARALLEL ON, the default) or one file in order. */
  readonly parallel?: boolean;
  /** Start a new file once one reaches this many bytes (Redshift MAXFILESIZE; default 6.2 GB). */
  readonly maxFileBytes?: number;
  /** Also write `<prefix>manifest`, Redshift's JSON manifest listing every file with its size. */
  readonly manifest?: boolean;
  /** Replace whatever is under the prefix (Redshift ALLOWOVERWRITE, BigQuery overwrite=true). */
  readonly allowOverwrite?: boolean;
  readonly csv?: CsvOptions;
}

/** The cost signals of one statement. */
export interface StatementCost {
  readonly durationMs: number;
  /** Rows returned, affected, loaded or unloaded. */
  readonly rows?: number;
  /** Bytes the engine read (BigQuery: bytes processed, the figure it bills). */
  readonly bytesScanned?: number;
  readonly bytesWritten?: number;
  readonly filesWritten?: number;
}

export interface UnloadResult extends StatementCost {
  /** Every file written, in order, with its size in bytes. */
  readonly files: readonly { readonly uri: string; readonly size: number }[];
  /** The manifest's URI when one was asked for. */
  readonly manifestUri?: string;
}

/**
 * How a warehouse reaches object storage: the store holding a URI and the key in it. COPY and
 * UNLOAD go through this (DuckDB here has no `httpfs`), so `s3://`, `gs://` and `file://` all
 * work, with the store's checksums.
 */
export type StoreResolver = (uri: string) => Promise<{ readonly store: ArtifactStore; readonly key: string }>;
