/**
 * What the rewriter (`enforce.ts`) needs to know of an engine's SQL, one table per engine: how
 * its names are read and compared, how a name is written back, and its ways around a view that a
 * principal is refused wherever they appear (functions that read files, settings, other databases
 * or the system catalog, or run a query given as text; system schemas and relations).
 *
 * - **DuckDB**: names compare ignoring ASCII case, quoted or not; `read_*`, `duckdb_*`, `glob`,
 *   `query`… are refused.
 * - **PostgreSQL** (and Redshift or BigQuery SQL running on it): unquoted names fold to lower
 *   case, quoted names are exact; `pg_*` (pg_read_file, pg_ls_dir, pg_stat_file…), large objects
 *   (`lo_*`), `dblink*`, the `*_to_xml` family that runs a query or reads a table by name,
 *   `xpath`, `ts_stat`/`ts_rewrite` (they run a query given as text), `current_setting`,
 *   `set_config`… are refused, and the `pg_*` schemas and relations are the system catalog.
 */
import { foldName, type Lex, lexDuckDb, nameOf, quoteName, RESERVED } from './duckdb-lexer.js';
import { lexPostgres, postgresName, quotePostgres } from './postgres-lexer.js';

export interface RewriteDialect {
  readonly engine: 'duckdb' | 'postgres';
  lex(sql: string): Lex[];
  /** The name a `word` or `ident` token stands for. */
  name(token: Lex): string;
  /** The key two names are the same name by. */
  key(name: string): string;
  /** A name written back into the engine's SQL. */
  quote(name: string): string;
  /** Functions a principal may not call (the last part of the name, as `key` gives it). */
  readonly deniedFunction: RegExp;
  /** Table functions a principal may use as a FROM item (they read no table). */
  readonly tableFunctions: ReadonlySet<string>;
  /** Schemas that are the system catalog (keys). */
  systemSchema(schema: string): boolean;
  /** An unqualified name that is the system catalog's (keys). */
  systemRelation(name: string): boolean;
  /** Columns every table has that are not in a view (PostgreSQL's ctid, xmin…): refused through a view. */
  readonly systemColumns: readonly string[];
}

export const DUCKDB_REWRITE: RewriteDialect = {
  engine: 'duckdb',
  lex: lexDuckDb,
  name: nameOf,
  key: foldName,
  quote: quoteName,
  deniedFunction:
    /^(read_|duckdb_|pragma_|parquet_|sniff_|iceberg_|delta_|sqlite_|postgres_|mysql_|json_execute|glob$|query$|query_table$|getenv$|current_setting$|getvariable$|which_secret$|load_aws_credentials$|checkpoint$|force_checkpoint$|enable_|disable_)/,
  tableFunctions: new Set(['unnest']),
  systemSchema: (s) => s === 'information_schema' || s === 'pg_catalog',
  systemRelation: (n) => n.startsWith('duckdb_') || n.startsWith('pragma_') || n === 'information_schema' || n === 'pg_catalog',
  systemColumns: [],
};

export const POSTGRES_REWRITE: RewriteDialect = {
  engine: 'postgres',
  lex: lexPostgres,
  name: postgresName,
  key: (name) => name,
  quote: (name) => quotePostgres(name, RESERVED),
  deniedFunction: new RegExp(
    [
      '^pg_', // pg_read_file, pg_read_binary_file, pg_ls_dir, pg_stat_file, pg_ls_logdir, pg_get_*, pg_sleep, pg_terminate_backend…
      '^lo_', // lo_import, lo_export, lo_get, lo_open… (large objects are files inside the database)
      '^loread$',
      '^lowrite$',
      '^dblink', // dblink, dblink_exec, dblink_connect…: other databases, or this one as another role
      '_to_xml', // query_to_xml, table_to_xml, cursor_to_xml, schema_to_xml, database_to_xml and their *_and_xmlschema forms
      '_to_xmlschema$',
      '^xpath', // xpath, xpath_exists
      '^xmltable$',
      '^ts_stat$', // runs the query given as text
      '^ts_rewrite$',
      '^current_setting$',
      '^set_config$',
      '^setval$',
      '^binary_upgrade_',
      '^brin_', // brin_summarize_range… (maintenance)
      '^gin_clean_pending_list$',
      '^txid_current_snapshot$',
      '^has_.*_privilege$', // probes of the server's own grants, not the catalog's
      '^to_reg', // to_regclass and friends: names resolved outside the rewriter
      '^format_type$',
      '^obj_description$',
      '^col_description$',
      '^shobj_description$',
      '^inet_server_',
      '^version$',
    ].join('|'),
  ),
  tableFunctions: new Set(['unnest', 'generate_series']),
  systemSchema: (s) => s === 'information_schema' || s.startsWith('pg_'),
  systemRelation: (n) => n.startsWith('pg_') || n === 'information_schema',
  systemColumns: ['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid'],
};
