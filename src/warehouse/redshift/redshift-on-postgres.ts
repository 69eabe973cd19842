/**
 * Redshift on a PostgreSQL server: the PostgreSQL warehouse plus Redshift's own statements, read
 * by the shared statement model (`src/sql`, the same reader the DuckDB dialect front end uses).
 *
 * - `COPY t [(cols)] FROM 's3://…' IAM_ROLE … FORMAT AS CSV|PARQUET|JSON …` runs as `copyFrom`
 *   through Godwit's stores; credentials and REGION are ignored (Godwit reads the object itself).
 * - `UNLOAD ('select …') TO 's3://…' … [PARALLEL] [MAXFILESIZE] [MANIFEST] [ALLOWOVERWRITE]`
 *   runs as `unload`.
 * - `CREATE TABLE … DISTSTYLE / DISTKEY / SORTKEY / ENCODE / BACKUP`: the clauses are removed
 *   before PostgreSQL sees the DDL and recorded in the table's comment (`godwit:physical {…}`),
 *   in the same transaction; materialized views keep theirs (`AUTO REFRESH`, `BACKUP`…) the same way.
 * - Anything else runs on PostgreSQL as written; Redshift-only functions are not translated here.
 *
 * An option Godwit cannot honour is E_SQL_DIALECT naming it, never dropped quietly.
 */
import { classifyStatements, runnableStatement } from '../../sql/index.js';
import { stripPhysicalDesign } from '../../sql/redshift/redshift-physical.js';
import type { ShowModelStatement, SqlStatement } from '../../sql/sql-statement.js';
import { tableName } from '../postgres/postgres-identifiers.js';
import { positional } from '../postgres/postgres-params.js';
import { typedQuery } from '../postgres/postgres-types.js';
import { PostgresWarehouse } from '../postgres/postgres-warehouse.js';
import { postgresEngine } from '../rsml/rsml-engines.js';
import { RedshiftMl } from '../rsml/rsml-service.js';
import type {
  QueryResult,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  WarehouseDialect,
  WarehouseType,
} from '../warehouse.js';

export class RedshiftOnPostgres extends PostgresWarehouse {
  override readonly type: WarehouseType = 'redshift';
  override readonly dialect: WarehouseDialect = 'redshift';
  /** Redshift ML: models in `godwit_rsml.models`, prediction functions as SQL functions (src/warehouse/rsml). */
  private readonly ml = new RedshiftMl(
    postgresEngine({
      query: (sql, params) => super.query(sql, params),
      transaction: (steps) =>
        this.transaction(async (c) => {
          for (const step of steps) {
            const { text, values, types } = positional(step.sql, step.params);
            await c.query(typedQuery(text, values, types)).catch((err) => Promise.reject(this.fail(err, text)));
          }
        }),
    }),
  );

  override async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    const show = showModel(sql);
    if (show) return this.ml.show(show);
    const cost = await this.redshiftStatement(sql, params);
    return cost ? { columns: [], rows: [], cost } : super.query(sql, params);
  }

  override async *stream(sql: string, params?: SqlParams, options?: StreamOptions): AsyncIterable<RowBatch> {
    // COPY, UNLOAD and the rest return no rows: run them, yield nothing.
    if (await this.redshiftStatement(sql, params)) return;
    yield* super.stream(sql, params, options);
  }

  override async execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    return (await this.redshiftStatement(sql, params)) ?? super.execute(sql, params);
  }

  /** Runs a statement PostgreSQL has no form for; undefined when PostgreSQL runs it as written. */
  private async redshiftStatement(sql: string, params: SqlParams | undefined): Promise<StatementCost | undefined> {
    const all = classifyStatements(sql, 'redshift');
    if (all.length !== 1) return undefined;
    const statement = runnableStatement(all[0], 'redshift');
    switch (statement.kind) {
      case 'copy':
        return this.copyColumns(statement.table, statement.source, statement.columns);
      case 'unload':
        return this.unload(statement.select, statement.target, params);
      case 'create-materialized-view':
        return this.createMaterializedView(statement.view, statement.select, {
          replace: statement.replace,
          ...(params ? { params } : {}),
          ...(statement.clauses.length > 0 ? { physical: { redshift: statement.clauses } } : {}),
        });
      case 'refresh-materialized-view':
        return this.refreshMaterializedView(statement.view);
      case 'redshift-create-model':
        return this.ml.create(statement);
      case 'drop-model':
        return this.ml.drop(statement);
      case 'show-model':
        return (await this.ml.show(statement)).cost;
      default:
        return this.physicalDdl(statement, params);
    }
  }

  /** A CREATE TABLE with Redshift's physical design: the rest runs, the clauses are recorded. */
  private async physicalDdl(statement: SqlStatement, params: SqlParams | undefined): Promise<StatementCost | undefined> {
    if (statement.keyword !== 'CREATE') return undefined;
    const design = stripPhysicalDesign(statement.text);
    if (design.clauses.length === 0 || !design.table) return undefined;
    const table = design.table;
    const started = performance.now();
    const { text, values, types } = positional(design.sql, params);
    const rows = await this.transaction(async (c) => {
      const result = await c.query(typedQuery(text, values, types)).catch((err) => Promise.reject(this.fail(err, text)));
      await this.recordPhysical(c, 'TABLE', tableName(table), { redshift: design.clauses });
      return result.rowCount;
    });
    return { durationMs: performance.now() - started, ...(typeof rows === 'number' ? { rows } : {}) };
  }
}

/** The SHOW MODEL statement `sql` is, if it is one (it answers with rows). */
function showModel(sql: string): ShowModelStatement | undefined {
  if (!/^\s*show\s+model\b/i.test(sql)) return undefined;
  const all = classifyStatements(sql, 'redshift');
  const statement = all.length === 1 ? runnableStatement(all[0], 'redshift') : undefined;
  return statement?.kind === 'show-model' ? statement : undefined;
}
