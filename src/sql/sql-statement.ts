/**
 * The statement model: what one Redshift or BigQuery statement does, read once and shared by
 * `godwit migrate`'s reading of options and by every warehouse that runs the dialect (the
 * PostgreSQL-backed Redshift, the DuckDB-backed dialect front end). Data movement is read into the
 * `Warehouse` shapes, so a warehouse hands `source` / `target` straight to `copyFrom` / `unload`:
 *
 * ```ts
 * classifyStatements(`COPY s.t FROM 's3://b/t/' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1`, 'redshift')[0]
 * // { kind: 'copy', table: { schema: 's', name: 't' },
 * //   source: { uri: 's3://b/t/', format: 'csv', csv: { header: true } }, ignored: ['IAM_ROLE default'], unsupported: [] }
 * ```
 *
 * An option the shapes cannot carry is never dropped quietly: it is in `unsupported` (a warehouse
 * refuses the statement, naming it) or, when it changes nothing a local run can observe
 * (credentials, REGION, statistics updates), in `ignored`.
 */
import type { CopySource, TableRef, UnloadTarget } from '../warehouse/warehouse.js';
import type { MlValue } from './bigquery/bigquery-ml-options.js';
import type { Token } from './sql-tokens.js';

export type StatementDialect = 'redshift' | 'bigquery';

interface StatementBase {
  /** The statement as written, without its semicolon or the comments before it. */
  readonly text: string;
  /** 1-based line where the statement starts in the script. */
  readonly line: number;
  /** The first word, upper case (`SELECT`, `COPY`, `CREATE`…). */
  readonly keyword: string;
  /** The statement's tokens (spaces and comments kept), for translators. */
  readonly tokens: readonly Token[];
}

/** Options read but not carried into the shapes. */
export interface OptionReport {
  /** Harmless where Godwit runs the statement itself: credentials, REGION, STATUPDATE… (as written). */
  readonly ignored: readonly string[];
  /** Options that change the result and that the shapes cannot express (as written). */
  readonly unsupported: readonly string[];
}

/** Redshift `COPY … FROM`, BigQuery `LOAD DATA INTO … FROM FILES`. */
export interface CopyStatement extends StatementBase, OptionReport {
  readonly kind: 'copy';
  readonly table: TableRef;
  /** The column list, when one was given. */
  readonly columns?: readonly string[];
  readonly source: CopySource;
  /** BigQuery `LOAD DATA OVERWRITE`: the table's rows are replaced, not appended to. */
  readonly overwrite: boolean;
}

/** Redshift `UNLOAD ('select') TO`, BigQuery `EXPORT DATA OPTIONS (…) AS select`. */
export interface UnloadStatement extends StatementBase, OptionReport {
  readonly kind: 'unload';
  /** The query, in the statement's dialect (Redshift's quoted text unescaped). */
  readonly select: string;
  readonly target: UnloadTarget;
}

export interface CreateMaterializedViewStatement extends StatementBase {
  readonly kind: 'create-materialized-view';
  readonly view: TableRef;
  readonly select: string;
  readonly replace: boolean;
  /** Redshift's `AUTO REFRESH`, `BACKUP`, `DISTKEY`…, BigQuery's `OPTIONS (…)`, as written. */
  readonly clauses: readonly string[];
}

export interface RefreshMaterializedViewStatement extends StatementBase {
  readonly kind: 'refresh-materialized-view';
  readonly view: TableRef;
}

/** BigQuery ML `CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name [TRANSFORM (…)] OPTIONS (…) AS select`. */
export interface CreateModelStatement extends StatementBase {
  readonly kind: 'create-model';
  readonly model: TableRef;
  readonly replace: boolean;
  readonly ifNotExists: boolean;
  /** Lower-case keys, typed values. */
  readonly options: ReadonlyMap<string, MlValue>;
  /** The TRANSFORM list's items as written (BigQuery SQL), when there is one. */
  readonly transform?: readonly string[];
  /** The training query, in BigQuery SQL. */
  readonly select: string;
}

/**
 * Redshift ML `CREATE MODEL name FROM { table | (select) | 'job' } [TARGET col] FUNCTION fn … SETTINGS (…)`:
 * the clauses as written (src/sql/redshift/redshift-ml-statement.ts), judged by src/warehouse/rsml.
 */
export interface RedshiftCreateModelStatement extends StatementBase {
  readonly kind: 'redshift-create-model';
  readonly model: TableRef;
  readonly table?: TableRef;
  /** The training query, in Redshift SQL. */
  readonly select?: string;
  /** `FROM 'job_name'` (bring your own model). */
  readonly job?: string;
  /** Upper-case clause keyword → its value as written (strings unquoted, parentheses removed). */
  readonly clauses: ReadonlyMap<string, string>;
  /** `SETTINGS (KEY value, …)`, keys upper case. */
  readonly settings?: readonly (readonly [string, string])[];
  /** `HYPERPARAMETERS DEFAULT [EXCEPT (…)]`: empty for DEFAULT alone. */
  readonly hyperparameters?: readonly (readonly [string, string])[];
}

/** Redshift ML `SHOW MODEL name` or `SHOW MODEL ALL` (no model). */
export interface ShowModelStatement extends StatementBase {
  readonly kind: 'show-model';
  readonly model?: TableRef;
}

/** BigQuery ML and Redshift ML `DROP MODEL [IF EXISTS] name`. */
export interface DropModelStatement extends StatementBase {
  readonly kind: 'drop-model';
  readonly model: TableRef;
  readonly ifExists: boolean;
}

/** BigQuery ML `EXPORT MODEL name [OPTIONS (URI = '…')]`. */
export interface ExportModelStatement extends StatementBase {
  readonly kind: 'export-model';
  readonly model: TableRef;
  /** Lower-case keys, typed values (`uri`). */
  readonly options: ReadonlyMap<string, MlValue>;
}

/** Any other statement: its SQL runs as SQL (translated where the engine differs). */
export interface OtherStatement extends StatementBase {
  readonly kind: 'other';
}

/** A COPY / UNLOAD / LOAD DATA / EXPORT DATA / materialized view statement Godwit could not read. */
export interface UnreadableStatement extends StatementBase {
  readonly kind: 'unreadable';
  readonly reason: string;
}

export type SqlStatement =
  | CopyStatement
  | UnloadStatement
  | CreateMaterializedViewStatement
  | RefreshMaterializedViewStatement
  | CreateModelStatement
  | DropModelStatement
  | ExportModelStatement
  | RedshiftCreateModelStatement
  | ShowModelStatement
  | OtherStatement
  | UnreadableStatement;

/** What a dialect's reader returns for a statement it recognised (the base is added by the caller). */
export type StatementBody =
  | Omit<CopyStatement, keyof StatementBase>
  | Omit<UnloadStatement, keyof StatementBase>
  | Omit<CreateMaterializedViewStatement, keyof StatementBase>
  | Omit<RefreshMaterializedViewStatement, keyof StatementBase>
  | Omit<CreateModelStatement, keyof StatementBase>
  | Omit<DropModelStatement, keyof StatementBase>
  | Omit<ExportModelStatement, keyof StatementBase>
  | Omit<RedshiftCreateModelStatement, keyof StatementBase>
  | Omit<ShowModelStatement, keyof StatementBase>
  | Omit<UnreadableStatement, keyof StatementBase>;

/** Thrown inside a reader for a statement it cannot read; becomes an `unreadable` statement. */
export class Unreadable extends Error {}
