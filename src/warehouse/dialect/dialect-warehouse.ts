/**
 * Redshift SQL and BigQuery SQL offline: a `Warehouse` whose `dialect` is `redshift` or
 * `bigquery`, over an engine warehouse in DuckDB's dialect (the embedded DuckDB) — or BigQuery
 * SQL over a PostgreSQL warehouse (dialect-target.ts says which pairs). Each statement is read
 * once by the shared statement model (src/sql): COPY / UNLOAD / LOAD DATA / EXPORT DATA go to
 * the engine's `copyFrom` / `unload`, materialized views to its `createMaterializedView` /
 * `refreshMaterializedView`, BigQuery ML to src/warehouse/bqml, and every other statement is
 * translated to the engine's SQL by the same rules `godwit migrate` uses. What cannot be
 * translated is E_SQL_DIALECT naming the construct and its line; nothing runs half-translated.
 *
 * ```ts
 * const rs = dialectWarehouse(duckdb, 'redshift');
 * await rs.execute(`COPY sales.orders FROM 's3://raw/orders/' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1`);
 * await rs.query(`SELECT NVL(region, '?') AS region, DATEDIFF(day, MIN(sold_at), GETDATE()) FROM sales.orders GROUP BY 1`);
 * ```
 *
 * A BigQuery project is the one local database: `project.dataset.table` is the DuckDB table
 * `"dataset"."table"`. Redshift's DISTKEY / SORTKEY / ENCODE and BigQuery's PARTITION BY /
 * CLUSTER BY / OPTIONS are accepted, removed from the DuckDB SQL and kept in `physicalDesign`.
 */

import {
  isWord,
  parseStatement,
  type RunnableStatement,
  readTableRef,
  runnableStatement,
  type SqlStatement,
  type StatementDialect,
  significant,
} from '../../sql/index.js';
import { BigQueryMl } from '../bqml/bqml-service.js';
import { displayTable } from '../identifiers.js';
import { duckdbEngine } from '../rsml/rsml-engines.js';
import { RedshiftMl } from '../rsml/rsml-service.js';
import type {
  CopySource,
  CreateOptions,
  QueryResult,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
} from '../warehouse.js';
import { copyStatement, localRef } from './dialect-copy.js';
import { type DialectTarget, targetOf } from './dialect-target.js';

export interface DialectWarehouse extends Warehouse {
  /** The physical design a CREATE TABLE / CTAS / materialized view declared, as written, by clause. */
  physicalDesign(table: TableRef): Readonly<Record<string, string>> | undefined;
}

export function dialectWarehouse(engine: Warehouse, dialect: StatementDialect): DialectWarehouse {
  return new OfflineDialectWarehouse(engine, dialect, targetOf(engine, dialect));
}

const NO_ROWS = { columns: [], rows: [] } as const;

class OfflineDialectWarehouse implements DialectWarehouse {
  readonly name: string;
  readonly type: Warehouse['type'];
  readonly stores: Warehouse['stores'];
  private readonly physical = new Map<string, Readonly<Record<string, string>>>();
  /** BigQuery ML: models, and ML.* calls in queries (src/warehouse/bqml). */
  private readonly ml: BigQueryMl;
  /** Redshift ML: CREATE / SHOW / DROP MODEL, prediction functions as DuckDB macros (src/warehouse/rsml). */
  private readonly rsml: RedshiftMl;

  constructor(
    private readonly engine: Warehouse,
    readonly dialect: StatementDialect,
    private readonly target: DialectTarget,
  ) {
    this.name = engine.name;
    this.type = engine.type;
    this.stores = engine.stores;
    this.ml = new BigQueryMl(
      engine,
      {
        select: (select) => this.select(select),
        statement: (tokens, line) => target.translate(tokens, line).sql,
      },
      target.bqml,
    );
    this.rsml = new RedshiftMl(duckdbEngine(engine, (select) => this.select(select)));
  }

  async query(sql: string, params: SqlParams = {}): Promise<QueryResult> {
    const statement = this.read(sql);
    if (statement.kind === 'show-model') return this.rsml.show(statement);
    if (statement.kind !== 'other') return { ...NO_ROWS, cost: await this.run(statement, params) };
    const duck = await this.duckOf(statement, params);
    if (duck.sql === undefined) return { ...NO_ROWS, cost: { durationMs: 0 } };
    return this.engine.query(duck.sql, duck.params);
  }

  async *stream(sql: string, params: SqlParams = {}, options?: StreamOptions): AsyncIterable<RowBatch> {
    const statement = this.read(sql);
    if (statement.kind !== 'other') {
      await this.run(statement, params);
      return;
    }
    const duck = await this.duckOf(statement, params);
    if (duck.sql !== undefined) yield* this.engine.stream(duck.sql, duck.params, options);
  }

  async execute(sql: string, params: SqlParams = {}): Promise<StatementCost> {
    const statement = this.read(sql);
    if (statement.kind !== 'other') return this.run(statement, params);
    const duck = await this.duckOf(statement, params);
    return duck.sql === undefined ? { durationMs: 0 } : this.engine.execute(duck.sql, duck.params);
  }

  createTableAs(table: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    this.record(table, options);
    return this.engine.createTableAs(this.local(table), this.select(select), options);
  }

  createMaterializedView(view: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    this.record(view, options);
    return this.engine.createMaterializedView(this.local(view), this.select(select), options);
  }

  refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    return this.engine.refreshMaterializedView(this.local(view));
  }

  copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    return this.engine.copyFrom(this.local(table), source);
  }

  async unload(select: string, target: UnloadTarget, params: SqlParams = {}): Promise<UnloadResult> {
    const duck = await this.unloadQuery(select, params);
    return this.engine.unload(duck.sql, target, duck.params);
  }

  tableVersion(table: TableRef): Promise<string | undefined> {
    return this.engine.tableVersion(this.local(table));
  }

  physicalDesign(table: TableRef): Readonly<Record<string, string>> | undefined {
    return this.physical.get(displayTable(this.local(table)).toLowerCase());
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  private local(table: TableRef): TableRef {
    return localRef(table, this.dialect);
  }

  private read(sql: string): RunnableStatement {
    return runnableStatement(parseStatement(sql, this.dialect), this.dialect);
  }

  /** COPY / UNLOAD / LOAD DATA / EXPORT DATA and materialized views, on the engine's own methods. */
  private async run(
    statement: Exclude<SqlStatement, { kind: 'other' | 'unreadable' }>,
    params: SqlParams,
  ): Promise<StatementCost> {
    switch (statement.kind) {
      case 'copy':
        return copyStatement(this.engine, statement, this.dialect);
      case 'unload': {
        const duck = await this.unloadQuery(statement.select, params, statement.line);
        return this.engine.unload(duck.sql, statement.target, duck.params);
      }
      case 'create-materialized-view': {
        const physical = statement.clauses.length > 0 ? { clauses: statement.clauses.join(' ') } : undefined;
        return this.createMaterializedView(statement.view, statement.select, { replace: statement.replace, params, physical });
      }
      case 'refresh-materialized-view':
        return this.refreshMaterializedView(statement.view);
      case 'create-model':
      case 'export-model':
        return this.ml.run(statement, params);
      case 'drop-model':
        return this.dialect === 'redshift' ? this.rsml.drop(statement) : this.ml.run(statement, params);
      case 'redshift-create-model':
        return this.rsml.create(statement);
      case 'show-model':
        return (await this.rsml.show(statement)).cost;
    }
  }

  /** A query (an UNLOAD's, EXPORT DATA's) as DuckDB SQL, BigQuery ML's function calls in it computed. */
  private async unloadQuery(select: string, params: SqlParams, line = 1): Promise<{ sql: string; params: SqlParams }> {
    const ml = this.dialect === 'bigquery' ? await this.ml.expand(parseStatement(select, this.dialect), params) : undefined;
    return ml ?? { sql: this.select(select, line), params };
  }

  /** The DuckDB SQL to run: BigQuery ML's function calls replaced by their results (and their parameters added). */
  private async duckOf(statement: SqlStatement, params: SqlParams): Promise<{ sql?: string; params: SqlParams }> {
    const ml = this.dialect === 'bigquery' ? await this.ml.expand(statement, params) : undefined;
    return ml ?? { sql: this.translate(statement), params };
  }

  /** The DuckDB SQL of a statement (undefined when it has nothing to do offline); DDL's physical design recorded. */
  private translate(statement: SqlStatement): string | undefined {
    const out = this.target.translate(statement.tokens, statement.line);
    const table = Object.keys(out.physical).length > 0 ? createdTable(statement, this.dialect) : undefined;
    if (table) this.physical.set(displayTable(this.local(table)).toLowerCase(), out.physical);
    return out.sql;
  }

  private select(select: string, line = 1): string {
    const sql = this.target.translate(select, line).sql;
    return sql ?? select;
  }

  private record(table: TableRef, options: CreateOptions): void {
    if (!options.physical) return;
    const flat = Object.fromEntries(
      Object.entries(options.physical).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
    );
    this.physical.set(displayTable(this.local(table)).toLowerCase(), flat);
  }
}

/** The table a `CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name …` creates. */
function createdTable(statement: SqlStatement, dialect: StatementDialect): TableRef | undefined {
  const sig = significant(statement.tokens);
  const at = sig.findIndex((t) => isWord(t, 'TABLE'));
  if (!isWord(sig[0], 'CREATE') || at < 0) return undefined;
  const start = isWord(sig[at + 1], 'IF') ? at + 4 : at + 1;
  return readTableRef(sig, start, dialect)?.ref;
}
