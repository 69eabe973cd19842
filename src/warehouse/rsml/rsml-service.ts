/**
 * Redshift ML offline: `CREATE MODEL … FUNCTION fn`, `SHOW MODEL`, `DROP MODEL` on a Redshift
 * warehouse (DuckDB or PostgreSQL under it, rsml-engine.ts).
 *
 * ```ts
 * await rs.execute(`CREATE MODEL churn FROM (SELECT age, plan, churned FROM customers) TARGET churned
 *   FUNCTION predict_churn IAM_ROLE default SETTINGS (S3_BUCKET 'ml-bucket')`);
 * await rs.query('SELECT predict_churn(age, plan) FROM new_customers');
 * ```
 *
 * CREATE MODEL checks its clauses and names first, trains in memory through BigQuery ML's path
 * (bqml-train.ts `fit`), compiles the model to the function's SQL, then creates the function and
 * records the model together (rsml-engine.ts `all`): a failure anywhere leaves neither behind.
 */
import { GodwitError } from '../../core/errors.js';
import type { DropModelStatement, RedshiftCreateModelStatement, ShowModelStatement } from '../../sql/index.js';
import { tableRefText } from '../../sql/index.js';
import { columnKind } from '../bqml/bqml-features.js';
import { resolveOptions } from '../bqml/bqml-options.js';
import { fit } from '../bqml/bqml-train.js';
import type { Column, QueryResult, Row, StatementCost } from '../warehouse.js';
import { type ModelClauses, readClauses } from './rsml-clauses.js';
import type { RsmlEngine } from './rsml-engine.js';
import { asRedshift } from './rsml-errors.js';
import { createFunctionStep, dropFunctionStep, requireFreeName } from './rsml-function.js';
import type { RedshiftModel } from './rsml-model.js';
import { planOf } from './rsml-plan.js';
import { showAll, showModel } from './rsml-show.js';
import { modelKey, RsmlStore } from './rsml-store.js';

export class RedshiftMl {
  private readonly store: RsmlStore;

  constructor(private readonly engine: RsmlEngine) {
    this.store = new RsmlStore(engine);
  }

  async create(s: RedshiftCreateModelStatement): Promise<StatementCost> {
    const started = performance.now();
    const clauses = readClauses(s);
    const { schema, name } = modelKey(s.model, this.engine.defaultSchema);
    const fn = clauses.functionName.toLowerCase();
    if (await this.store.get(schema, name))
      throw new GodwitError('E_RSML_MODEL_EXISTS', `Model ${schema}.${name} already exists.`, {
        hint: 'Redshift has no CREATE OR REPLACE MODEL: DROP MODEL it first, or choose another name.',
      });
    await requireFreeName(this.engine, schema, fn);
    const query = s.select ?? `SELECT * FROM ${tableRefText(s.table ?? s.model)}`;
    const data = await this.engine.redshiftQuery(query);
    const model = await this.train(clauses, { schema, name, query }, data.columns, data.rows);
    const created = createFunctionStep(this.engine, schema, fn, model.params, model.trained);
    await this.store.ensure();
    await this.engine.all([created, this.store.insertStep({ ...model, functionName: fn })]);
    return { durationMs: performance.now() - started, rows: data.rows.length };
  }

  async show(s: ShowModelStatement): Promise<QueryResult> {
    if (!s.model) return showAll(await this.store.list());
    const { schema, name } = modelKey(s.model, this.engine.defaultSchema);
    return showModel(await this.store.require(schema, name));
  }

  async drop(s: DropModelStatement): Promise<StatementCost> {
    const started = performance.now();
    const { schema, name } = modelKey(s.model, this.engine.defaultSchema);
    const model = await this.store.get(schema, name);
    if (!model) {
      if (s.ifExists) return { durationMs: performance.now() - started };
      await this.store.require(schema, name);
    } else
      await this.engine.all([
        dropFunctionStep(this.engine, schema, model.functionName, model.params),
        this.store.deleteStep(model),
      ]);
    return { durationMs: performance.now() - started };
  }

  private async train(
    c: ModelClauses,
    at: { schema: string; name: string; query: string },
    columns: readonly Column[],
    rows: readonly Row[],
  ): Promise<Omit<RedshiftModel, 'functionName'>> {
    const started = performance.now();
    try {
      const plan = planOf(c, columns, rows);
      const target = c.target?.toLowerCase();
      const params = columns.filter((col) => col.name.toLowerCase() !== target);
      if (plan.modelType === 'KMEANS') requireNumbers(params);
      const { type, options } = resolveOptions(plan.options);
      const trained = await fit(`${at.schema}.${at.name}`, type, options, columns, rows);
      return {
        format: 'godwit-rsml/1',
        ...at,
        params,
        ...(c.target ? { target: c.target } : {}),
        modelType: plan.modelType,
        ...(plan.problemType ? { problemType: plan.problemType } : {}),
        ...(c.objective ? { objective: c.objective } : {}),
        auto: c.auto,
        iamRole: c.iamRole,
        hyperparameters: c.hyperparameters,
        settings: c.settings,
        trained,
        trainingSeconds: (performance.now() - started) / 1000,
        createdAt: new Date().toISOString(),
      };
    } catch (err) {
      throw asRedshift(err);
    }
  }
}

/** SageMaker's k-means learns from numbers only. */
function requireNumbers(columns: readonly Column[]): void {
  const bad = columns.find((c) => columnKind(c) !== 'numeric');
  if (bad)
    throw new GodwitError(
      'E_RSML_COLUMN_TYPE',
      `Column ${bad.name} has type ${bad.type}; MODEL_TYPE KMEANS needs numeric columns.`,
      {
        hint: 'Leave the column out of the FROM query, or turn it into numbers there (CASE WHEN … THEN 1 ELSE 0 END).',
      },
    );
}
