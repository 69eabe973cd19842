/**
 * BigQuery ML on the offline BigQuery warehouse (dialect/dialect-warehouse.ts): CREATE MODEL and
 * DROP MODEL run here, and a query that calls ML.PREDICT, ML.EVALUATE or another ML.* function
 * gets each call's result in its place before the engine runs it. The engine is DuckDB or
 * PostgreSQL; what differs between them is behind `BqmlSql` (bqml-sql.ts).
 *
 * ```ts
 * const bq = dialectWarehouse(duckdb, 'bigquery');
 * await bq.execute("CREATE MODEL penguins.m OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species']) AS SELECT * FROM penguins.penguins");
 * await bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.m) ORDER BY roc_auc DESC LIMIT 1');
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { engineBehind } from '../../governance/enforce/governed-warehouse.js';
import { findMlCalls, type MlCall } from '../../sql/bigquery/bigquery-ml-functions.js';
import type { CreateModelStatement, DropModelStatement, ExportModelStatement, SqlStatement } from '../../sql/index.js';
import { dialectError } from '../../sql/index.js';
import { Unreadable } from '../../sql/sql-statement.js';
import type { Token } from '../../sql/sql-tokens.js';
import type { SqlParams, StatementCost, Warehouse } from '../warehouse.js';
import type { BqmlEnv } from './bqml-env.js';
import { evaluate } from './bqml-evaluate.js';
import { centroids, importance, weights } from './bqml-explain.js';
import { exportModel } from './bqml-export.js';
import type { StoredModel } from './bqml-model.js';
import { predict } from './bqml-predict.js';
import { confusionMatrix, featureInfo, rocCurve, trainingInfo } from './bqml-reports.js';
import type { BqmlSql, MlResult } from './bqml-sql.js';
import { display, ModelStore } from './bqml-store.js';
import { createModel } from './bqml-train.js';

type Fn = (env: BqmlEnv, model: StoredModel, call: MlCall) => MlResult | Promise<MlResult>;

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  PREDICT: predict,
  EVALUATE: evaluate,
  CONFUSION_MATRIX: confusionMatrix,
  ROC_CURVE: rocCurve,
  TRAINING_INFO: (_env, model) => trainingInfo(model),
  FEATURE_INFO: (_env, model) => featureInfo(model),
  WEIGHTS: (_env, model, call) => weights(model, call),
  FEATURE_IMPORTANCE: (_env, model, call) => importance(model, call),
  CENTROIDS: (_env, model, call) => centroids(model, call),
};

/** The STRUCT settings each function reads; any other is refused rather than ignored. */
const SETTINGS: Readonly<Record<string, readonly string[]>> = {
  PREDICT: ['threshold'],
  EVALUATE: ['threshold'],
  CONFUSION_MATRIX: ['threshold'],
  WEIGHTS: ['standardize'],
  CENTROIDS: ['standardize'],
};

function checkSettings(call: MlCall): void {
  const allowed = SETTINGS[call.name] ?? [];
  for (const name of call.settings.keys())
    if (!allowed.includes(name))
      throw new GodwitError('E_BQML_FUNCTION', `ML.${call.name} setting ${name} is not one Godwit reads.`, {
        hint: allowed.length > 0 ? `ML.${call.name} reads: ${allowed.join(', ')}.` : `ML.${call.name} takes no STRUCT settings.`,
      });
}

/** Words that may follow a FROM item and are not its alias. */
const NOT_ALIAS = new Set(
  'WHERE GROUP ORDER LIMIT OFFSET HAVING WINDOW QUALIFY JOIN INNER LEFT RIGHT FULL CROSS NATURAL ON USING UNION EXCEPT INTERSECT FETCH FOR'.split(
    ' ',
  ),
);

/**
 * True when the call is followed by its alias. PostgreSQL (before 16) refuses a FROM subquery
 * without one, so an unnamed ML.* call gets `AS godwit_ml_<k>`.
 */
function aliased(tokens: readonly Token[], end: number): boolean {
  const next = tokens.slice(end + 1).find((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (!next || (next.kind !== 'word' && next.kind !== 'ident')) return false;
  return next.kind === 'ident' || !NOT_ALIAS.has(next.text.toUpperCase());
}

export interface Translators {
  /** A BigQuery query (or `SELECT expr`) as the engine's SQL. */
  select(bigquery: string): string;
  /** A statement's tokens as the engine's SQL; `line` is where it starts, for errors. */
  statement(tokens: readonly Token[], line: number): string | undefined;
}

export class BigQueryMl {
  private readonly store: ModelStore;

  constructor(
    private readonly engine: Warehouse,
    private readonly translators: Translators,
    private readonly sql: BqmlSql,
  ) {
    // The model store is Godwit's bookkeeping: under a principal it bypasses enforcement, the inputs do not.
    this.store = new ModelStore(engineBehind(engine), sql);
  }

  async run(
    statement: CreateModelStatement | DropModelStatement | ExportModelStatement,
    params: SqlParams,
  ): Promise<StatementCost> {
    const env = this.env(params);
    if (statement.kind === 'create-model') return createModel(env, statement);
    if (statement.kind === 'export-model') return exportModel(env, this.engine.stores, statement);
    const started = performance.now();
    if (!(await this.store.drop(statement.model)) && !statement.ifExists)
      throw new GodwitError('E_BQML_MODEL_NOT_FOUND', `Not found: Model ${display(statement.model)}.`, {
        hint: 'DROP MODEL IF EXISTS drops it only when it exists.',
      });
    return { durationMs: performance.now() - started };
  }

  /** The statement as the engine's SQL with every ML.* call's result in its place; undefined when it calls none. */
  async expand(statement: SqlStatement, params: SqlParams): Promise<{ sql: string; params: SqlParams } | undefined> {
    let calls: MlCall[];
    try {
      calls = findMlCalls(statement.tokens);
    } catch (err) {
      if (err instanceof Unreadable) throw dialectError('ML function', statement.line, err.message, 'bigquery');
      throw err;
    }
    if (calls.length === 0) return undefined;
    const env = this.env(params);
    const tokens: Token[] = [...statement.tokens];
    const bound: Record<string, unknown> = { ...params };
    const subqueries: string[] = [];
    for (let k = calls.length - 1; k >= 0; k--) {
      const call = calls[k];
      const fn = FUNCTIONS[call.name];
      if (!fn)
        throw new GodwitError('E_BQML_FUNCTION', `ML.${call.name} is not a BigQuery ML function Godwit runs.`, {
          hint: `Supported: ${Object.keys(FUNCTIONS)
            .map((n) => `ML.${n}`)
            .join(', ')}.`,
        });
      checkSettings(call);
      const result = await fn(env, await this.store.require(call.model), call);
      const injected = this.sql.inject(result, `godwit_ml_${k}`);
      bound[`godwit_ml_${k}`] = injected.value;
      subqueries[k] = injected.sql;
      const named: Token[] = [{ kind: 'word', text: `godwit_ml_result_${k}` }];
      if (!aliased(statement.tokens, call.end))
        named.push(
          { kind: 'space', text: ' ' },
          { kind: 'word', text: 'AS' },
          { kind: 'space', text: ' ' },
          { kind: 'word', text: `godwit_ml_${k}` },
        );
      tokens.splice(call.start, call.end - call.start + 1, ...named);
    }
    const text = this.translators.statement(tokens, statement.line) ?? '';
    const sql = text.replace(/\bgodwit_ml_result_(\d+)\b/g, (_, k: string) => subqueries[Number(k)]);
    return { sql, params: bound as SqlParams };
  }

  private env(params: SqlParams): BqmlEnv {
    const sql = this.sql;
    return {
      engine: this.engine,
      sql,
      store: this.store,
      params,
      toEngine: (select) => this.translators.select(select),
      query: async (text) => {
        const result = await this.engine.query(text, params);
        return { ...result, columns: result.columns.map((c) => sql.column(c)) };
      },
      expression: (expr) => this.translators.select(`SELECT ${expr}`).replace(/^\s*SELECT\s+/i, ''),
    };
  }
}
